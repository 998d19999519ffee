// The new-migration wizard's state, in one reducer: which step, what was typed at each step
// (kept when going back), the migration text being built, and what is in progress. The hook
// adds the steps that call core (render a template, read the drift, open the editor, save).

import { useEffect, useReducer, useRef } from 'react';
import type { Dialect } from '../../core/shared/dialect.js';
import { migrationNameProblem } from '../../core/migrations/name.js';
import { createMigration, readDraft, removeDraft, writeDraft } from '../../core/project/new-migration.js';
import type { Project } from '../../core/project/project.js';
import { loadProjectTemplates, projectRenderContext } from '../../core/project/project-templates.js';
import { generateMigrationFromDiff } from '../../core/schema/generate.js';
import { diffLiveSchema } from '../../core/project/live-schema.js';
import { migrationFileContent } from '../../core/schema/generate.js';
import {
  chooseTemplate,
  listTemplates,
  type ChosenTemplate,
  type TemplateLibrary,
  type TemplateSummary,
} from '../../core/templates/library.js';
import { renderTemplate, resolveValues, type ValueResolution } from '../../core/templates/render.js';
import type { WizardKeyAction, WizardStep } from '../screens/new-migration-keys.js';
import { applyTextEdit, type TextEdit } from '../model/text-edit.js';

export type WizardMethod = 'blank' | 'template' | 'diff';

export const METHOD_TEXT: Record<WizardMethod, { title: string; description: string }> = {
  blank: { title: 'Blank', description: 'empty up and down sections to write yourself' },
  template: { title: 'From a template', description: 'common changes, filled in from a few values' },
  diff: { title: 'From the schema diff', description: 'what the live database has beyond the schema file' },
};

export interface WizardState {
  step: WizardStep;
  /** Steps behind the current one; esc returns to the last. */
  trail: WizardStep[];
  methods: WizardMethod[];
  methodIndex: number;
  name: string;
  library?: TemplateLibrary;
  templates: TemplateSummary[];
  templateIndex: number;
  /** Typed values per template name, so switching templates loses nothing. */
  values: Record<string, Record<string, string>>;
  fieldIndex: number;
  /** After a submit with missing or bad values, every problem is shown. */
  showProblems: boolean;
  /** The migration text to save. */
  content: string;
  notes: string[];
  draftPath?: string;
  previewTop: number;
  busy?: string;
  error?: string;
}

export type WizardAction =
  | { type: 'loaded'; library: TemplateLibrary; dialect: Dialect }
  | { type: 'move'; delta: number }
  | { type: 'go'; step: WizardStep }
  | { type: 'back' }
  | { type: 'name'; value: string }
  | { type: 'field'; key: string; value: string }
  /** A key typed into the name or the focused field, applied to the state's current value. */
  | { type: 'text'; edit: TextEdit; dialect: Dialect }
  | { type: 'focus'; index: number }
  | { type: 'problems'; focus: number }
  | { type: 'busy'; text: string }
  | { type: 'content'; content: string; notes: string[] }
  | { type: 'draft'; path?: string }
  | { type: 'edited'; content: string }
  | { type: 'error'; message: string };

export function initialWizardState(methods: WizardMethod[]): WizardState {
  return {
    step: 'method',
    trail: [],
    methods,
    methodIndex: 0,
    name: '',
    templates: [],
    templateIndex: 0,
    values: {},
    fieldIndex: 0,
    showProblems: false,
    content: '',
    notes: [],
    previewTop: 0,
  };
}

function clamp(value: number, max: number): number {
  return Math.max(0, Math.min(value, max));
}

export function selectedMethod(state: WizardState): WizardMethod {
  return state.methods[state.methodIndex];
}

function move(state: WizardState, delta: number): WizardState {
  switch (state.step) {
    case 'method':
      return { ...state, methodIndex: clamp(state.methodIndex + delta, state.methods.length - 1) };
    case 'template':
      return { ...state, templateIndex: clamp(state.templateIndex + delta, state.templates.length - 1) };
    case 'preview':
      return { ...state, previewTop: clamp(state.previewTop + delta, Math.max(0, state.content.split('\n').length - 1)) };
    default:
      return state;
  }
}

/**
 * Applies a typed key to the text being edited. Working on the reducer's state, not on a
 * value a component captured, keeps fast typing and pastes whole.
 */
function typed(state: WizardState, edit: TextEdit, dialect: Dialect): WizardState {
  if (state.step === 'name') return { ...state, name: applyTextEdit(state.name, edit), error: undefined };
  if (state.step !== 'fields') return state;
  const template = currentTemplate(state, dialect);
  const key = template?.placeholders[state.fieldIndex]?.key;
  if (!template || !key) return state;
  const current = state.values[state.templates[state.templateIndex]?.name ?? '']?.[key] ?? '';
  return wizardReducer(state, { type: 'field', key, value: applyTextEdit(current, edit, 1000) });
}

export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
  switch (action.type) {
    case 'loaded': {
      const templates = listTemplates(action.library, action.dialect);
      return { ...state, library: action.library, templates };
    }
    case 'move':
      return move(state, action.delta);
    case 'go':
      return {
        ...state,
        trail: [...state.trail, state.step],
        step: action.step,
        busy: undefined,
        error: undefined,
        previewTop: 0,
        fieldIndex: action.step === 'fields' ? 0 : state.fieldIndex,
        showProblems: false,
      };
    case 'back': {
      if (state.trail.length === 0) return state;
      return { ...state, step: state.trail[state.trail.length - 1], trail: state.trail.slice(0, -1), busy: undefined, error: undefined };
    }
    case 'name':
      return { ...state, name: action.value, error: undefined };
    case 'field': {
      const template = state.templates[state.templateIndex]?.name ?? '';
      return {
        ...state,
        values: { ...state.values, [template]: { ...state.values[template], [action.key]: action.value } },
        error: undefined,
      };
    }
    case 'text':
      return typed(state, action.edit, action.dialect);
    case 'focus':
      return { ...state, fieldIndex: Math.max(0, action.index) };
    case 'problems':
      return { ...state, showProblems: true, fieldIndex: action.focus, busy: undefined };
    case 'busy':
      return { ...state, busy: action.text, error: undefined };
    case 'content':
      return { ...wizardReducer(state, { type: 'go', step: 'edit' }), content: action.content, notes: action.notes, draftPath: undefined };
    case 'draft':
      return { ...state, draftPath: action.path };
    case 'edited':
      return { ...wizardReducer(state, { type: 'go', step: 'preview' }), content: action.content };
    case 'error':
      return { ...state, busy: undefined, error: action.message };
  }
}

/** The template highlighted (template step) or chosen (later steps), for the project's dialect. */
export function currentTemplate(state: WizardState, dialect: Dialect): ChosenTemplate | undefined {
  const summary = state.templates[state.templateIndex];
  if (!state.library || !summary) return undefined;
  try {
    return chooseTemplate(state.library, summary.name, dialect);
  } catch {
    return undefined;
  }
}

export function templateValues(state: WizardState): Record<string, string> {
  return state.values[state.templates[state.templateIndex]?.name ?? ''] ?? {};
}

/** Values checked as typed (for inline problems). */
export function fieldResolution(state: WizardState, template: ChosenTemplate | undefined, dialect: Dialect): ValueResolution | undefined {
  return template ? resolveValues(template, templateValues(state), dialect) : undefined;
}

function message(error: unknown): string {
  const e = error as { message?: string; hint?: string };
  return [e.message ?? String(error), e.hint].filter(Boolean).join(' ');
}

export interface WizardCallbacks {
  onDone(result: { path: string; run: boolean }): void;
  onCancel(): void;
  openEditor(path: string): Promise<void>;
}

/** The wizard's state plus `perform`, which carries out a key's action for the current step. */
export function useWizard(project: Project, callbacks: WizardCallbacks, methods: WizardMethod[]) {
  const [state, dispatch] = useReducer(wizardReducer, methods, initialWizardState);
  const latest = useRef(state);
  latest.current = state;
  const dialect = project.dialect;

  useEffect(() => {
    loadProjectTemplates(project)
      .then((library) => dispatch({ type: 'loaded', library, dialect }))
      .catch((error: unknown) => dispatch({ type: 'error', message: message(error) }));
  }, [project, dialect]);

  // A draft left in the temporary directory is removed when the wizard goes away.
  useEffect(
    () => () => {
      if (latest.current.draftPath) void removeDraft(latest.current.draftPath);
    },
    [],
  );

  const run = async (busy: string, work: () => Promise<void>) => {
    dispatch({ type: 'busy', text: busy });
    try {
      await work();
    } catch (error) {
      dispatch({ type: 'error', message: message(error) });
    }
  };

  /** New migration text: a draft of the previous text is no longer wanted. */
  const setContent = async (content: string, notes: string[]) => {
    if (latest.current.draftPath) await removeDraft(latest.current.draftPath);
    dispatch({ type: 'content', content, notes });
  };

  const continueFromName = () => {
    const s = latest.current;
    const problem = migrationNameProblem(s.name);
    if (problem) return dispatch({ type: 'error', message: `The name is not valid: ${problem}.` });
    const method = selectedMethod(s);
    if (method === 'template') return dispatch({ type: 'go', step: 'template' });
    if (method === 'blank') {
      return void run('Preparing…', async () => {
        const blank = chooseTemplate(s.library ?? (await loadProjectTemplates(project)), 'blank', dialect);
        const rendered = await renderTemplate(blank, {}, { dialect });
        await setContent(rendered.content, []);
      });
    }
    return void run('Reading the live schema and comparing it with the schema file…', async () => {
      const diff = await diffLiveSchema(project);
      if (!diff.hasDrift || diff.changes.length === 0)
        throw new Error(`There is no drift: the live database matches ${diff.labels.expected}, so there is nothing to record.`);
      const generated = generateMigrationFromDiff(diff, dialect);
      await setContent(
        migrationFileContent(generated, diff),
        generated.skipped.map((skipped) => `Not generated: ${skipped}`),
      );
    });
  };

  const submitFields = () => {
    const s = latest.current;
    const template = currentTemplate(s, dialect);
    if (!template) return;
    const resolution = resolveValues(template, templateValues(s), dialect);
    const bad = template.placeholders.findIndex((p) => resolution.missing.includes(p.key) || resolution.problems[p.key]);
    if (bad >= 0) return dispatch({ type: 'problems', focus: bad });
    void run(template.derived.length ? 'Reading the schema and preparing the migration…' : 'Preparing the migration…', async () => {
      const rendered = await renderTemplate(template, templateValues(s), projectRenderContext(project, template));
      await setContent(rendered.content, rendered.notes);
    });
  };

  const edit = () =>
    void run('Waiting for the editor…', async () => {
      const s = latest.current;
      let draft = s.draftPath;
      if (!draft) {
        draft = await writeDraft(s.name, s.content);
        dispatch({ type: 'draft', path: draft });
      }
      await callbacks.openEditor(draft);
      dispatch({ type: 'edited', content: await readDraft(draft) });
    });

  const save = (runAfter: boolean) =>
    void run('Saving…', async () => {
      const s = latest.current;
      const created = await createMigration(project, s.name, s.content);
      if (s.draftPath) await removeDraft(s.draftPath);
      dispatch({ type: 'draft', path: undefined });
      callbacks.onDone({ path: created.path, run: runAfter });
    });

  const cancel = () => {
    if (latest.current.draftPath) void removeDraft(latest.current.draftPath);
    callbacks.onCancel();
  };

  const fieldCount = () => currentTemplate(latest.current, dialect)?.placeholders.length ?? 0;

  const perform = (action: WizardKeyAction, pageSize = 10) => {
    const s = latest.current;
    if (s.busy) {
      if (action === 'cancel') cancel();
      return;
    }
    switch (action) {
      case 'up':
        return dispatch({ type: 'move', delta: -1 });
      case 'down':
        return dispatch({ type: 'move', delta: 1 });
      case 'page.up':
        return dispatch({ type: 'move', delta: -pageSize });
      case 'page.down':
        return dispatch({ type: 'move', delta: pageSize });
      case 'cancel':
        return cancel();
      case 'back':
        return s.trail.length ? dispatch({ type: 'back' }) : cancel();
      case 'choose':
        if (s.step === 'method') return dispatch({ type: 'go', step: 'name' });
        if (s.step === 'template' && s.templates.length) {
          return fieldCount() ? dispatch({ type: 'go', step: 'fields' }) : submitFields();
        }
        return;
      case 'continue':
        if (s.step === 'name') return continueFromName();
        if (s.step === 'fields')
          return s.fieldIndex < fieldCount() - 1 ? dispatch({ type: 'focus', index: s.fieldIndex + 1 }) : submitFields();
        return;
      case 'field.next':
        return dispatch({ type: 'focus', index: Math.min(s.fieldIndex + 1, fieldCount() - 1) });
      case 'field.previous':
        return dispatch({ type: 'focus', index: s.fieldIndex - 1 });
      case 'edit':
        return edit();
      case 'skip':
        return dispatch({ type: 'go', step: 'preview' });
      case 'save':
        return save(false);
      case 'save.run':
        return save(true);
    }
  };

  return { state, dispatch, perform, dialect };
}
