// goose: `{version}_{name}.sql` with `-- +goose Up` / `Down`, `StatementBegin` / `StatementEnd`
// and `-- +goose NO TRANSACTION`; `.go` migrations are code and cannot be converted.

import { parseAnnotatedSql, type AnnotatedDialect } from './annotated-sql.js';
import { claimVersion, listSourceFolder, readSourceFile } from './source-files.js';
import type { ParsedSource, SkippedItem, SourceMigration } from './types.js';

const FILE = /^(\d+)_(.+)\.(sql|go)$/;

const GOOSE: AnnotatedDialect = {
  prefix: '+goose',
  tool: 'goose',
  sectionOptions: [],
  fileNoTransaction: /^NO\s+TRANSACTION$/i,
  unsupported: [{ pattern: /^ENVSUB\b/i, reason: 'dbmate does not substitute environment variables into SQL' }],
};

export async function parseGoose(dir: string): Promise<ParsedSource> {
  const skipped: SkippedItem[] = [];
  const migrations: SourceMigration[] = [];
  const seen = new Map<string, string>();
  for (const entry of await listSourceFolder(dir)) {
    const match = entry.isDirectory ? null : FILE.exec(entry.name);
    if (!match) {
      if (!entry.isDirectory && /_test\.go$|\.go$/.test(entry.name))
        skipped.push({ file: entry.name, reason: 'Go source, not a goose migration file' });
      else
        skipped.push({
          file: entry.name,
          reason: entry.isDirectory ? 'a folder: goose reads only the files of its folder' : 'not a goose migration ({version}_{name}.sql)',
        });
      continue;
    }
    const [, digits, name, extension] = match;
    const version = claimVersion(seen, digits, dir, entry.name, 'Give each migration its own version.');
    if (extension === 'go') {
      skipped.push({
        file: entry.name,
        reason: `a Go migration (version ${version}): code, not SQL; rewrite it as a SQL migration by hand`,
      });
      continue;
    }
    const parsed = parseAnnotatedSql(dir, entry.name, await readSourceFile(dir, entry.name), GOOSE);
    migrations.push({ sourceVersion: version, order: [BigInt(version)], description: name, files: [entry.name], ...parsed, notes: [] });
  }
  return { migrations, skipped };
}
