// The new-migration wizard (`n`): method → name → template → values → editor → preview → save
// (or save and run). A self-contained screen: it owns the keyboard while mounted, its state
// lives in useWizard, its keys in new-migration-keys.ts (the help bar is made from them), and
// every real step is a core call. The app supplies `openEditor`, which suspends the TUI.

import { Box, Text, useInput, type Key } from 'ink';
import { useCallback, useMemo, useRef } from 'react';
import type { Project } from '../../core/project/project.js';
import { previewTemplate } from '../../core/templates/render.js';
import { HelpBar } from '../components/HelpBar.js';
import { EditStep } from '../components/new-migration/EditStep.js';
import { FieldsStep } from '../components/new-migration/FieldsStep.js';
import { MethodStep } from '../components/new-migration/MethodStep.js';
import { NameStep } from '../components/new-migration/NameStep.js';
import { PreviewStep } from '../components/new-migration/PreviewStep.js';
import { TemplateStep } from '../components/new-migration/TemplateStep.js';
import {
  currentTemplate,
  fieldResolution,
  selectedMethod,
  templateValues,
  useWizard,
  type WizardMethod,
  type WizardState,
} from '../hooks/use-wizard.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { keyName } from '../keys.js';
import { truncate } from '../model/text.js';
import { wizardBarItems, wizardKeyFor, type WizardKeyContext, type WizardStep } from './new-migration-keys.js';
import { textEditFor } from '../model/text-edit.js';

export interface NewMigrationWizardProps {
  project: Project;
  onDone(result: { path: string; run: boolean }): void;
  onCancel(): void;
  /** Opens a file in the user's editor with the app suspended; resolves when the editor exits. */
  openEditor(path: string): Promise<void>;
  /** Defaults to the terminal's size. */
  width?: number;
  height?: number;
  /** False while something else owns the keyboard. */
  isActive?: boolean;
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

export function NewMigrationWizard({ project, onDone, onCancel, openEditor, width, height, isActive = true }: NewMigrationWizardProps) {
  const size = useTerminalSize();
  const columns = width ?? size.columns;
  const rows = height ?? size.rows;
  const methods = useMemo(() => wizardMethods(project), [project]);
  const { state, dispatch, perform, dialect } = useWizard(project, { onDone, onCancel, openEditor }, methods);
  const keyContext: WizardKeyContext = { canRun: selectedMethod(state) !== 'diff' };
  const bodyHeight = Math.max(3, rows - CHROME_LINES);
  const template = currentTemplate(state, dialect);
  const values = templateValues(state);
  const preview = useMemo(
    () => (template ? previewTemplate(template, values, { dialect, url: project.config.url }) : ''),
    [template, values, dialect, project],
  );

  // One handler for the wizard's whole life, reading the latest state: a key pressed right
  // after a step change must reach that step, not the handler of the render before.
  const latest = useRef({ step: state.step, keyContext, bodyHeight, perform, busy: state.busy });
  latest.current = { step: state.step, keyContext, bodyHeight, perform, busy: state.busy };
  const onKey = useCallback(
    (input: string, key: Key) => {
      const now = latest.current;
      const name = keyName(input, key);
      const binding = wizardKeyFor(now.step, name, now.keyContext);
      if (binding) return now.perform(binding.action, Math.max(1, now.bodyHeight - 2));
      // Any other key types into the name or the focused field.
      const edit = (now.step === 'name' || now.step === 'fields') && !now.busy ? textEditFor(name, input, key) : undefined;
      if (edit) dispatch({ type: 'text', edit, dialect });
    },
    [dispatch, dialect],
  );
  useInput(onKey, { isActive });

  const textActive = isActive && !state.busy;
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
      body = <PreviewStep name={state.name} content={state.content} top={state.previewTop} width={columns} height={bodyHeight} />;
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
      <HelpBar items={wizardBarItems(state.step, keyContext)} width={columns} />
    </Box>
  );
}
