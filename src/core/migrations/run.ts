// What a run of migrations reports: its steps, the typed events it emits while it goes and its
// result. Types only, here at the migrations layer, so that history (which records the events)
// and the app (which folds them into its state) depend on them without depending on the run
// engine itself (core/runs).

import type { DbtkError, SerializedError } from '../shared/errors.js';

export type Direction = 'up' | 'down';

export interface PlannedStep {
  version: string;
  name: string;
  file: string;
}

export interface RunStep extends PlannedStep {
  direction: Direction;
  status: 'done' | 'failed' | 'not_run';
  startedAt?: string;
  durationMs?: number;
  error?: SerializedError;
}

export type RunEvent =
  | { type: 'plan'; direction: Direction; steps: PlannedStep[] }
  | { type: 'started'; direction: Direction; index: number; total: number; step: PlannedStep; startedAt: string }
  | { type: 'finished'; direction: Direction; index: number; total: number; step: PlannedStep; durationMs?: number }
  | { type: 'failed'; direction: Direction; index: number; total: number; step?: PlannedStep; error: SerializedError; durationMs?: number }
  | { type: 'output'; text: string }
  | { type: 'schema_written'; path: string }
  | { type: 'done'; result: RunResult };

/** A version the run leaves applied although the request covered it, and why. */
export interface StaysApplied {
  version: string;
  reason: string;
}

export interface RunResult {
  direction: Direction;
  ok: boolean;
  interrupted: boolean;
  steps: RunStep[];
  error?: DbtkError;
  schemaWritten: boolean;
  /** Set when the schema file should have been written and was not. */
  schemaWarning?: string;
  /** Set when the run's history could not be recorded (the run itself went ahead). */
  historyWarning?: string;
  raw: string;
  /** The plan this run executed. */
  planId?: string;
  /** Versions the request covered that stay applied (a rollback past a missing file). */
  staysApplied?: StaysApplied[];
  /**
   * True when each step's status was read back from the migrations table after the run
   * (the database is the truth); false when only dbmate's output could tell.
   */
  verified?: boolean;
  /** Other things the run noticed and the user should know (said after the summary). */
  notes?: string[];
  /** The backup written before the run, or why none was. */
  backup?: RunBackup;
  /** After a stop the user asked for: what was done about the run's work on the database server. */
  serverWork?: ServerWorkOutcome;
}

/** What stopping a run did on the database server (see core/database/session.ts). */
export interface ServerWorkOutcome {
  /** For people: what was stopped, or a warning naming what could not be. */
  message: string;
  /** True when the server shows nothing of the run any more (or never did). */
  clear: boolean;
}

/** The backup a run wrote first (`id`), or why it wrote none (`skipped`). */
export type RunBackup = { id: string; path: string; size: number; pruned: number } | { skipped: string };

export interface RunOptions {
  signal?: AbortSignal;
  onEvent?: (event: RunEvent) => void;
}
