// Schema diff screen: the live database against the schema file. Object summary on top, then
// the whole normalised dump, unified or side by side (`s`), with n/N to jump between changes.
// `SchemaDiffScreen` loads through core (useSchemaDiff); `SchemaDiffView` renders a loaded
// diff and is what tests drive. Its keys are the `schema-diff` scopes of the bindings table;
// both components hand the keyboard their handlers (useKeyLayer) and read no input themselves.

import { Box, Text } from 'ink';
import { useMemo, useReducer } from 'react';
import type { SerializedError } from '../../core/shared/errors.js';
import type { Project } from '../../core/project/project.js';
import type { SchemaDiff } from '../../core/schema/diff.js';
import { SideBySideDiff, UnifiedDiff, visibleSlice } from '../components/schema-diff/DiffBody.js';
import { ObjectSummary, summaryHeight } from '../components/schema-diff/ObjectSummary.js';
import { ErrorBlock } from '../components/ErrorBlock.js';
import { HelpBar } from '../components/HelpBar.js';
import { errorLines } from '../model/error-lines.js';
import { terminalName } from '../../core/shared/terminal-text.js';
import { useSchemaDiff, type SchemaDiffLoader } from '../hooks/use-schema-diff.js';
import type { Handlers } from '../keys/bindings.js';
import { useKeyLayer } from '../keys/keyboard.js';
import { barItems } from '../keys/resolve.js';
import { EMPTY_KEY_CONTEXT } from '../keys/scopes.js';
import {
  buildLayouts,
  initialViewState,
  reduceView,
  type SchemaDiffAction,
  type ViewContext,
  type ViewState,
} from './schema-diff-state.js';

/** Title, headline, divider and help bar. */
const CHROME_LINES = 4;

function viewHandlers(
  dispatch: (action: SchemaDiffAction) => void,
  onReload?: () => void,
  onCopyError?: () => void,
): Handlers<'schema-diff'> {
  return {
    lineDown: () => dispatch('lineDown'),
    lineUp: () => dispatch('lineUp'),
    pageDown: () => dispatch('pageDown'),
    pageUp: () => dispatch('pageUp'),
    top: () => dispatch('top'),
    bottom: () => dispatch('bottom'),
    scrollRight: () => dispatch('scrollRight'),
    scrollLeft: () => dispatch('scrollLeft'),
    nextChange: () => dispatch('nextChange'),
    prevChange: () => dispatch('prevChange'),
    toggleLayout: () => dispatch('toggleLayout'),
    reload: () => onReload?.(),
    'copy.error': () => onCopyError?.(),
  };
}

/** The rows a failed dump's error may take above a previous result (the rest: `y` copies it). */
function errorRows(lines: number, height: number): number {
  return Math.min(lines, Math.max(2, Math.floor((height - CHROME_LINES) / 3)));
}

function headline(diff: SchemaDiff): { text: string; color: string } {
  if (!diff.hasDrift) return { text: `No drift: the live schema matches ${diff.labels.expected}.`, color: 'green' };
  const objects = diff.changes.length === 1 ? '1 object change' : `${diff.changes.length} object changes`;
  return { text: `Drift: ${objects}, +${diff.stats.added} −${diff.stats.removed} lines`, color: 'red' };
}

function positionText(state: ViewState, ctx: ViewContext): string {
  const total = state.layout === 'unified' ? ctx.layouts.lines.length : ctx.layouts.rows.length;
  const starts = state.layout === 'unified' ? ctx.layouts.starts.unified : ctx.layouts.starts.split;
  const last = Math.min(total, state.top + ctx.bodyHeight);
  const what = state.layout === 'unified' ? 'unified' : 'side by side';
  const change =
    starts.length === 0
      ? 'no changes'
      : state.current >= 0
        ? `change ${state.current + 1}/${starts.length}`
        : `${starts.length} change${starts.length === 1 ? '' : 's'}`;
  return `── ${what} · lines ${total ? state.top + 1 : 0}–${last} of ${total} · ${change} `;
}

export interface SchemaDiffViewProps {
  diff: SchemaDiff;
  height: number;
  width: number;
  /** Present when the diff can be dumped again (`r`). */
  onReload?: () => void;
  loading?: boolean;
  /** An error from the last reload, shown above the previous result. */
  error?: SerializedError;
  /** `y` on that error: copy it in full. */
  onCopyError?: (error: SerializedError) => void;
}

export function SchemaDiffView({ diff, height, width, onReload, loading = false, error, onCopyError }: SchemaDiffViewProps) {
  const layouts = useMemo(() => buildLayouts(diff.lines), [diff]);
  const summaryLines = summaryHeight(diff.changes, Math.floor((height - CHROME_LINES) / 3));
  const failure = error ? errorLines({ ...error, message: `Dumping again failed: ${error.message}` }, width, '') : [];
  const failureRows = errorRows(failure.length, height);
  const ctx: ViewContext = { layouts, bodyHeight: Math.max(1, height - CHROME_LINES - summaryLines - failureRows) };
  const [state, dispatch] = useReducer(
    (current: ViewState, action: SchemaDiffAction) => reduceView(current, action, ctx),
    ctx,
    initialViewState,
  );

  const keyContext = { diffCanReload: Boolean(onReload), errorInDiff: Boolean(error && onCopyError) };
  const copy = error && onCopyError ? () => onCopyError(error) : undefined;
  useKeyLayer({ scopes: ['schema-diff'], handlers: { 'schema-diff': viewHandlers(dispatch, onReload, copy) }, context: keyContext });

  const head = headline(diff);
  const title = terminalName(`Schema diff  ${diff.labels.expected} → ${diff.labels.actual}${loading ? '  (dumping…)' : ''}`);
  const position = positionText(state, ctx);
  const body =
    state.layout === 'unified' ? (
      <UnifiedDiff lines={layouts.lines} top={state.top} height={ctx.bodyHeight} width={width} left={state.left} />
    ) : (
      <SideBySideDiff rows={layouts.rows} lines={layouts.lines} top={state.top} height={ctx.bodyHeight} width={width} left={state.left} />
    );
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold wrap="truncate">
        {visibleSlice(title, 0, width)}
      </Text>
      <Text color={head.color} wrap="truncate">
        {visibleSlice(head.text, 0, width)}
      </Text>
      <ErrorBlock lines={failure} rows={failureRows} />
      <ObjectSummary changes={diff.changes} maxLines={summaryLines} width={width} />
      <Text dimColor wrap="truncate">
        {position + '─'.repeat(Math.max(0, width - position.length))}
      </Text>
      {body}
      <Box flexGrow={1} />
      <HelpBar items={barItems(['schema-diff'], { ...EMPTY_KEY_CONTEXT, ...keyContext })} width={width} />
    </Box>
  );
}

export interface SchemaDiffScreenProps {
  /** Keep it stable between renders: a new Project object means a new dump. */
  project: Project;
  height: number;
  width: number;
  /** Replaces the live dump (tests, or a dry run's "after pending" schema). */
  load?: SchemaDiffLoader;
  /** `y` on a failed dump: copy the error in full. */
  onCopyError?: (error: SerializedError) => void;
}

export function SchemaDiffScreen({ project, height, width, load, onCopyError }: SchemaDiffScreenProps) {
  const { diff, error, loading, reload } = useSchemaDiff(project, load);
  const copy = () => {
    if (error) onCopyError?.(error);
  };
  // Until there is a diff, only `r` (and `y` on a failure) mean something here; then the view answers the keys.
  useKeyLayer({
    scopes: diff ? [] : ['schema-diff.waiting'],
    handlers: { 'schema-diff.waiting': { reload, 'copy.error': copy } },
    context: { errorInDiff: Boolean(!diff && !loading && error && onCopyError) },
  });

  const failure = error ? errorLines(error, width, '') : [];
  // A fresh dump starts the view afresh (at its first change).
  if (diff)
    return (
      <SchemaDiffView
        key={diff.generatedAt}
        diff={diff}
        height={height}
        width={width}
        onReload={reload}
        loading={loading}
        error={error}
        onCopyError={onCopyError}
      />
    );
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold>Schema diff</Text>
      {loading || !error ? (
        <Text dimColor>Dumping the live schema with dbmate (the schema file is not touched)…</Text>
      ) : (
        <>
          <ErrorBlock lines={failure} rows={Math.min(failure.length, Math.max(1, height - 2))} />
          <Text dimColor>
            {barItems(['schema-diff.waiting'], { ...EMPTY_KEY_CONTEXT, errorInDiff: Boolean(onCopyError) })
              .map((item) => `${item.keys} ${item.label}`)
              .join(' · ')}
          </Text>
        </>
      )}
    </Box>
  );
}
