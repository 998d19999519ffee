// The new-migration wizard's state, in one reducer: which step, what was typed at each step
// (kept when going back), the migration text being built, and what is in progress. Pure data;
// the steps that call core are in the useWizard hook.

import type { Dialect } from '../../core/shared/dialect.js';
import {
  chooseTemplate,
  listTemplates,
  type ChosenTemplate,
  type TemplateLibrary,
  type TemplateSummary,
} from '../../core/templates/library.js';
import { resolveValues, type ValueResolution } from '../../core/templates/render.js';
import { applyTextEdit, type TextEdit } from './text-edit.js';

export type WizardStep = 'method' | 'name' | 'template' | 'fields' | 'edit' | 'preview';

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
