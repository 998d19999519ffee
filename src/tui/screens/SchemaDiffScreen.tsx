// Schema diff screen: the live database against the schema file. Object summary on top, then
// the whole normalised dump, unified or side by side (`s`), with n/N to jump between changes.
// `SchemaDiffScreen` loads through core (useSchemaDiff); `SchemaDiffView` renders a loaded
// diff and is what tests drive. Keys are data: `schemaDiffKeys`.

import { Box, Text, useInput } from 'ink';
import { useMemo, useReducer } from 'react';
import type { SerializedError } from '../../core/shared/errors.js';
import type { Project } from '../../core/project/project.js';
import type { SchemaDiff } from '../../core/schema/diff.js';
import { SideBySideDiff, UnifiedDiff, visibleSlice } from '../components/schema-diff/DiffBody.js';
import { ObjectSummary, summaryHeight } from '../components/schema-diff/ObjectSummary.js';
import { useSchemaDiff, type SchemaDiffLoader } from '../hooks/use-schema-diff.js';
import { keyName } from '../keys.js';
import {
  bindingFor,
  buildLayouts,
  initialViewState,
  reduceView,
  schemaDiffKeys,
  type SchemaDiffAction,
  type ViewContext,
  type ViewState,
} from './schema-diff-state.js';

export { schemaDiffKeys, type KeyBinding, type SchemaDiffAction } from './schema-diff-state.js';

/** Title, headline, divider and help bar. */
const CHROME_LINES = 4;

function helpBar(width: number, canReload: boolean): string {
  const parts = schemaDiffKeys.filter((b) => b.showInBar && (canReload || b.action !== 'reload')).map((b) => `${b.key} ${b.label}`);
  const text = parts.join(' · ');
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
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
  /** False while another component owns the keyboard. */
  isActive?: boolean;
}

export function SchemaDiffView({ diff, height, width, onReload, loading = false, error, isActive = true }: SchemaDiffViewProps) {
  const layouts = useMemo(() => buildLayouts(diff.lines), [diff]);
  const summaryLines = summaryHeight(diff.changes, Math.floor((height - CHROME_LINES) / 3));
  const errorLines = error ? 1 : 0;
  const ctx: ViewContext = { layouts, bodyHeight: Math.max(1, height - CHROME_LINES - summaryLines - errorLines) };
  const [state, dispatch] = useReducer(
    (current: ViewState, action: SchemaDiffAction) => reduceView(current, action, ctx),
    ctx,
    initialViewState,
  );

  useInput(
    (input, key) => {
      const binding = bindingFor(keyName(input, key));
      if (!binding) return;
      if (binding.action === 'reload') onReload?.();
      else dispatch(binding.action);
    },
    { isActive },
  );

  const head = headline(diff);
  const title = `Schema diff  ${diff.labels.expected} → ${diff.labels.actual}${loading ? '  (dumping…)' : ''}`;
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
      {error ? (
        <Text color="red" wrap="truncate">
          {visibleSlice(`Dumping again failed: ${error.message}`, 0, width)}
        </Text>
      ) : null}
      <ObjectSummary changes={diff.changes} maxLines={summaryLines} width={width} />
      <Text dimColor wrap="truncate">
        {position + '─'.repeat(Math.max(0, width - position.length))}
      </Text>
      {body}
      <Box flexGrow={1} />
      <Text dimColor wrap="truncate">
        {helpBar(width, Boolean(onReload))}
      </Text>
    </Box>
  );
}

export interface SchemaDiffScreenProps {
  /** Keep it stable between renders: a new Project object means a new dump. */
  project: Project;
  height: number;
  width: number;
  isActive?: boolean;
  /** Replaces the live dump (tests, or a dry run's "after pending" schema). */
  load?: SchemaDiffLoader;
}

export function SchemaDiffScreen({ project, height, width, isActive = true, load }: SchemaDiffScreenProps) {
  const { diff, error, loading, reload } = useSchemaDiff(project, load);
  useInput(
    (input, key) => {
      if (!diff && bindingFor(keyName(input, key))?.action === 'reload') reload();
    },
    { isActive: isActive && !diff },
  );

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
        isActive={isActive}
      />
    );
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold>Schema diff</Text>
      {loading || !error ? (
        <Text dimColor>Dumping the live schema with dbmate (the schema file is not touched)…</Text>
      ) : (
        <>
          <Text color="red" wrap="wrap">
            {error.message}
          </Text>
          {error.hint ? <Text wrap="wrap">Fix: {error.hint}</Text> : null}
          <Text dimColor>r try again</Text>
        </>
      )}
    </Box>
  );
}
