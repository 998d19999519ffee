// What a rollback deletes, said before it runs and checked after: every table, column and
// index its down sections drop (from the SQL analysis of core/sql), with the live row counts
// of the tables concerned (core/database/live-objects.ts), and a warning for a down section
// that is empty (the version is unrecorded but nothing is undone). After the run, the
// versions and the dropped objects are looked up again: both should be gone.

import { probeObjects, type ObjectProbe, type ObjectState } from '../database/live-objects.js';
import type { RunResult } from '../migrations/run.js';
import { dialectOf } from '../shared/dialect.js';
import { analyzeSection } from '../sql/analyze.js';
import { loadPostgresParser } from '../sql/pg-parser.js';
import { readApplied } from './applied.js';
import type { RunContext, RunPlan } from './types.js';

type DroppedObject = ObjectState;

interface StepDrops {
  version: string;
  file: string;
  /** The down section has no statement: rolling back only forgets the version. */
  emptyDown: boolean;
  drops: DroppedObject[];
}

export interface DownDrops {
  steps: StepDrops[];
}

export interface DownVerification {
  /** False when the database could not be asked again. */
  checked: boolean;
  versionsGone: string[];
  versionsStillApplied: string[];
  objectsGone: DroppedObject[];
  /** Dropped by the SQL, yet still there. */
  objectsLeft: DroppedObject[];
}

/** What each step of a down plan drops, with live row counts. Never throws for the database's sake. */
export async function previewDownDrops(ctx: RunContext, plan: RunPlan): Promise<DownDrops> {
  const dialect = dialectOf(ctx.config.url, ctx.config.driver);
  if (dialect === 'postgres') await loadPostgresParser().catch(() => false);
  const perStep = plan.steps.map((step) => {
    const section = step.migration.down;
    const drops: ObjectProbe[] = [];
    let statements = 0;
    if (section?.sql.trim()) {
      const analyzed = analyzeSection(section, { dialect, direction: 'down', catalog: { schemaKnown: false, tables: new Set() } });
      statements = analyzed.statements.length;
      for (const statement of analyzed.statements) {
        for (const change of statement.changes) {
          if (change.action !== 'drop') continue;
          if (change.object === 'table') drops.push({ kind: 'table', name: change.name });
          else if (change.object === 'column' && change.table) drops.push({ kind: 'column', name: change.name, table: change.table });
          else if (change.object === 'index' && change.name) drops.push({ kind: 'index', name: change.name, table: change.table });
        }
      }
    }
    return { version: step.version, file: step.file, emptyDown: statements === 0, probes: drops };
  });
  const states = await probeObjects(
    ctx.config,
    ctx.runner,
    perStep.flatMap((s) => s.probes),
  );
  let at = 0;
  return {
    steps: perStep.map((s) => {
      const drops = states.slice(at, at + s.probes.length);
      at += s.probes.length;
      return { version: s.version, file: s.file, emptyDown: s.emptyDown, drops };
    }),
  };
}

/** After a rollback: are the rolled-back versions gone, and the objects they dropped? */
export async function verifyDown(ctx: RunContext, result: RunResult, drops: DownDrops): Promise<DownVerification> {
  const done = new Set(result.steps.filter((s) => s.status === 'done').map((s) => s.version));
  const applied = await readApplied(ctx).catch(() => undefined);
  const versions = [...done];
  const dropped = drops.steps.filter((s) => done.has(s.version)).flatMap((s) => s.drops.filter((d) => d.exists !== false));
  const now = await probeObjects(ctx.config, ctx.runner, dropped);
  const checked = Boolean(applied) && now.every((o) => o.exists !== undefined);
  return {
    checked,
    versionsGone: applied ? versions.filter((v) => !applied.versions.has(v)) : [],
    versionsStillApplied: applied ? versions.filter((v) => applied.versions.has(v)) : [],
    objectsGone: now.filter((o) => o.exists === false),
    objectsLeft: now.filter((o) => o.exists === true),
  };
}
