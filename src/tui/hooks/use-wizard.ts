// The new-migration wizard's behaviour: the steps that call core (render a template, read the
// drift, open the editor, save) and what each key does at each step. Its state is the
// reducer of model/wizard-state.ts.

import { useEffect, useLayoutEffect, useReducer, useRef } from 'react';
import { migrationNameProblem } from '../../core/migrations/name.js';
import { createMigration, readDraft, removeDraft, writeDraft } from '../../core/project/new-migration.js';
import type { Project } from '../../core/project/project.js';
import { loadProjectTemplates, projectRenderContext } from '../../core/project/project-templates.js';
import { generateMigrationFromDiff, migrationFileContent } from '../../core/schema/generate.js';
import { diffLiveSchema } from '../../core/project/live-schema.js';
import { chooseTemplate } from '../../core/templates/library.js';
import { renderTemplate, resolveValues } from '../../core/templates/render.js';
import {
  currentTemplate,
  initialWizardState,
  selectedMethod,
  templateValues,
  wizardReducer,
  type WizardMethod,
} from '../model/wizard-state.js';
import type { ScopeHandlers } from '../keys/bindings.js';
import type { WizardScope } from '../keys/scopes.js';

function message(error: unknown): string {
  const e = error as { message?: string; hint?: string };
  return [e.message ?? String(error), e.hint].filter(Boolean).join(' ');
}

export interface WizardCallbacks {
  /** `run`: run pending migrations next; `mark`: mark it applied next (drift the database already has). */
  onDone(result: { path: string; run: boolean; mark?: boolean }): void;
  onCancel(): void;
  openEditor(path: string): Promise<void>;
}

/** The wizard's state, and `handlers`: what each of its keys does (one page is `pageSize` lines or rows). */
export function useWizard(project: Project, callbacks: WizardCallbacks, methods: WizardMethod[]) {
  const [state, dispatch] = useReducer(wizardReducer, methods, initialWizardState);
  // The state the key handlers and the steps after an await read: the latest committed
  // render's, up to date before the keyboard handles the next key (it does so after each commit).
  const latest = useRef(state);
  useLayoutEffect(() => {
    latest.current = state;
  });
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

  const save = (after: 'run' | 'mark' | undefined) =>
    void run('Saving…', async () => {
      const s = latest.current;
      const created = await createMigration(project, s.name, s.content);
      if (s.draftPath) await removeDraft(s.draftPath);
      dispatch({ type: 'draft', path: undefined });
      callbacks.onDone({ path: created.path, run: after === 'run', ...(after === 'mark' ? { mark: true } : {}) });
    });

  const cancel = () => {
    if (latest.current.draftPath) void removeDraft(latest.current.draftPath);
    callbacks.onCancel();
  };

  const fieldCount = () => currentTemplate(latest.current, dialect)?.placeholders.length ?? 0;

  /** What each key does at each step; while core works (`busy`), only cancelling does anything. */
  const handlers = (pageSize: number): ScopeHandlers<WizardScope> => {
    const idle = (work: () => void) => () => {
      if (!latest.current.busy) work();
    };
    const move = (delta: number) => idle(() => dispatch({ type: 'move', delta }));
    const moves = { down: move(1), up: move(-1), 'page.down': move(pageSize), 'page.up': move(-pageSize) };
    const back = idle(() => (latest.current.trail.length ? dispatch({ type: 'back' }) : cancel()));
    return {
      'wizard.method': { down: moves.down, up: moves.up, choose: idle(() => dispatch({ type: 'go', step: 'name' })), cancel },
      'wizard.name': { continue: idle(continueFromName), back, cancel },
      'wizard.template': {
        ...moves,
        choose: idle(() => {
          if (!latest.current.templates.length) return;
          if (fieldCount()) dispatch({ type: 'go', step: 'fields' });
          else submitFields();
        }),
        back,
        cancel,
      },
      'wizard.fields': {
        continue: idle(() => {
          const index = latest.current.fieldIndex;
          if (index < fieldCount() - 1) dispatch({ type: 'focus', index: index + 1 });
          else submitFields();
        }),
        'field.next': idle(() => dispatch({ type: 'focus', index: Math.min(latest.current.fieldIndex + 1, fieldCount() - 1) })),
        'field.previous': idle(() => dispatch({ type: 'focus', index: latest.current.fieldIndex - 1 })),
        back,
        cancel,
      },
      'wizard.edit': { edit: idle(edit), skip: idle(() => dispatch({ type: 'go', step: 'preview' })), back, cancel },
      'wizard.preview': {
        ...moves,
        save: idle(() => save(undefined)),
        'save.run': idle(() => save('run')),
        'save.mark': idle(() => save('mark')),
        edit: idle(edit),
        back,
        cancel,
      },
    };
  };

  return { state, dispatch, handlers, dialect };
}
