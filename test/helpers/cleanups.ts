// The databases and projects a test file makes, removed after its tests (newest first), so a
// run leaves no database or folder behind.

import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll } from 'vitest';
import type { DatabaseTarget, TestDatabase } from './databases.js';
import { makeTempProject, type TempProject } from './project.js';

export interface TrackedResources {
  /** More to undo after the tests (connections, users…). */
  cleanups: (() => Promise<void> | void)[];
  database: (target: DatabaseTarget) => Promise<TestDatabase>;
  project: () => TempProject;
}

export function trackedResources(projectPrefix: string): TrackedResources {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
  });
  return {
    cleanups,
    database: async (target) => {
      const db = await target.createDatabase();
      cleanups.push(() => db.drop());
      if (target.dialect === 'sqlite')
        cleanups.push(() => rmSync(path.dirname(db.url.replace(/^sqlite:/, '')), { recursive: true, force: true }));
      return db;
    },
    project: () => {
      const made = makeTempProject(projectPrefix);
      cleanups.push(() => rmSync(made.dir, { recursive: true, force: true }));
      return made;
    },
  };
}
