// The new-migration wizard (`n`): method → name → template → values → editor → preview → save
// (or save and run). A self-contained screen: while mounted it answers every key (one
// `wizard.<step>` scope of the bindings table per step, its help bar made from them), its
// state lives in useWizard, and every real step is a core call. The app supplies
// `openEditor`, which suspends the TUI.

import { Box, Text } from 'ink';
import { useMemo } from 'react';
import type { Project } from '../../core/project/project.js';
import { previewTemplate } from '../../core/templates/render.js';
import { HelpBar } from '../components/HelpBar.js';
import { EditStep } from '../components/new-migration/EditStep.js';
import { FieldsStep } from '../components/new-migration/FieldsStep.js';
import { MethodStep } from '../components/new-migration/MethodStep.js';
import { NameStep } from '../components/new-migration/NameStep.js';
import { PreviewStep } from '../components/new-migration/PreviewStep.js';
import { TemplateStep } from '../components/new-migration/TemplateStep.js';
import { useMigrationFindings } from '../hooks/use-migration-findings.js';
import { useWizard } from '../hooks/use-wizard.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { useKeyLayer } from '../keys/keyboard.js';
import { barItems } from '../keys/resolve.js';
import { EMPTY_KEY_CONTEXT, type WizardScope } from '../keys/scopes.js';
import { truncate } from '../model/text.js';
import {
  currentTemplate,
  fieldResolution,
  selectedMethod,
  templateValues,
  type WizardMethod,
  type WizardState,
  type WizardStep,
} from '../model/wizard-state.js';

export interface NewMigrationWizardProps {
  project: Project;
  onDone: (result: { path: string; run: boolean }) => void;
  onCancel: () => void;
  /** Opens a file in the user's editor with the app suspended; resolves when the editor exits. */
  openEditor: (path: string) => Promise<void>;
  /** Defaults to the terminal's size. */
  width?: number;
  height?: number;
}

const STEP_TITLES: Record<WizardStep, string> = {
  method: 'Method',
  name: 'Name',
  template: 'Template',
  fields: 'Values',
  edit: 'Edit',
  preview: 'Preview',
};

/** Title, breadcrumb, status line and help bar. */
const CHROME_LINES = 4;

/** The methods on offer: the schema diff needs a database to read the live schema from. */
export function wizardMethods(project: Project): WizardMethod[] {
  return project.config.url ? ['blank', 'template', 'diff'] : ['blank', 'template'];
}

function stepsFor(method: WizardMethod): WizardStep[] {
  return method === 'template' ? ['method', 'name', 'template', 'fields', 'edit', 'preview'] : ['method', 'name', 'edit', 'preview'];
}

function Breadcrumb({ state, width }: { state: WizardState; width: number }) {
  const steps = stepsFor(selectedMethod(state));
  const text = steps.map((s) => (s === state.step ? `[${STEP_TITLES[s]}]` : STEP_TITLES[s])).join(' › ');
  return <Text dimColor>{truncate(text, width)}</Text>;
}

function StatusLine({ state, width }: { state: WizardState; width: number }) {
  if (state.busy) return <Text color="yellow">{truncate(`… ${state.busy}`, width)}</Text>;
  if (state.error) return <Text color="red">{truncate(`✖ ${state.error}`, width)}</Text>;
  return <Text> </Text>;
}

export function NewMigrationWizard({ project, onDone, onCancel, openEditor, width, height }: NewMigrationWizardProps) {
  const size = useTerminalSize();
  const columns = width ?? size.columns;
  const rows = height ?? size.rows;
  const methods = useMemo(() => wizardMethods(project), [project]);
  const { state, dispatch, handlers, dialect } = useWizard(project, { onDone, onCancel, openEditor }, methods);
  const bodyHeight = Math.max(3, rows - CHROME_LINES);
  const template = currentTemplate(state, dialect);
  const values = templateValues(state);
  const preview = useMemo(
    () => (template ? previewTemplate(template, values, { dialect, url: project.config.url }) : ''),
    [template, values, dialect, project],
  );

  const findings = useMigrationFindings(state.step === 'preview' ? state.content : null, state.name, dialect);

  const scope: WizardScope = `wizard.${state.step}`;
  // Drift is already in the database: its migration must not run, but can be marked applied.
  const keyContext = { wizardCanRun: selectedMethod(state) !== 'diff', wizardCanMark: selectedMethod(state) === 'diff' };
  useKeyLayer({
    scopes: [scope],
    handlers: handlers(Math.max(1, bodyHeight - 2)),
    context: keyContext,
    // The name and the values take typed text (not while core works on the step).
    onText: (_scope, edit) => {
      if (!state.busy) dispatch({ type: 'text', edit, dialect });
    },
  });

  const textActive = !state.busy;
  let body;
  switch (state.step) {
    case 'method':
      body = <MethodStep methods={state.methods} index={state.methodIndex} width={columns} />;
      break;
    case 'name':
      body = <NameStep value={state.name} width={columns} active={textActive} />;
      break;
    case 'template':
      body = <TemplateStep templates={state.templates} index={state.templateIndex} preview={preview} width={columns} height={bodyHeight} />;
      break;
    case 'fields':
      body = template ? (
        <FieldsStep
          template={template}
          values={values}
          resolution={fieldResolution(state, template, dialect)}
          focus={state.fieldIndex}
          showProblems={state.showProblems}
          preview={preview}
          width={columns}
          height={bodyHeight}
          active={textActive}
        />
      ) : null;
      break;
    case 'edit':
      body = <EditStep content={state.content} notes={state.notes} width={columns} height={bodyHeight} />;
      break;
    case 'preview':
      body = (
        <PreviewStep
          name={state.name}
          content={state.content}
          findings={findings}
          top={state.previewTop}
          width={columns}
          height={bodyHeight}
        />
      );
      break;
  }

  return (
    <Box flexDirection="column" width={columns} height={rows}>
      <Text bold>{truncate(`New migration${state.name && state.step !== 'name' ? `: ${state.name}` : ''}`, columns)}</Text>
      <Breadcrumb state={state} width={columns} />
      <Box flexDirection="column" height={bodyHeight} overflow="hidden">
        {body}
      </Box>
      <StatusLine state={state} width={columns} />
      <HelpBar items={barItems([scope], { ...EMPTY_KEY_CONTEXT, ...keyContext })} width={columns} />
    </Box>
  );
}
