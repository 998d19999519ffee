// What a conversion is: the other tool's migrations read into dbmate migrations, what could not
// be converted (with the reason), and how versions were renamed. Types only.

export const SOURCE_TOOLS = ['golang-migrate', 'goose', 'flyway', 'sql-migrate', 'prisma'] as const;
export type SourceTool = (typeof SOURCE_TOOLS)[number];

/** One section of a migration as dbmate will run it. */
export interface ConvertedSection {
  sql: string;
  /** False for `transaction:false` (goose NO TRANSACTION, sql-migrate notransaction, Flyway executeInTransaction=false). */
  transaction: boolean;
  /** Why the section is empty, written into the file as a comment (e.g. "Prisma Migrate has no down migrations"). */
  note?: string;
}

/** A migration of the other tool, parsed; its version still the tool's own. */
export interface SourceMigration {
  /** The tool's own version, as its history table stores it (`1`, `1.2`, `20240101120000`, a file name for sql-migrate). */
  sourceVersion: string;
  /** The numeric parts that order it (`1.2` → [1n, 2n]). */
  order: bigint[];
  /** Description from the file name. */
  description: string;
  /** Files it was made from, relative to the source folder. */
  files: string[];
  up: ConvertedSection;
  down: ConvertedSection;
  /** Things the user should know about this one (placeholders left as they are, …). */
  notes: string[];
}

/** A converted migration: the dbmate file it becomes. */
export interface ConvertedMigration extends SourceMigration {
  /** dbmate's version (digits only, sortable as text). */
  version: string;
  /** The dbmate file name: `<version>_<name>.sql`. */
  file: string;
  content: string;
}

/** A file or migration that cannot be converted, and why. Never dropped silently. */
export interface SkippedItem {
  file: string;
  reason: string;
}

interface VersionMapping {
  from: string;
  to: string;
}

export interface ConversionPlan {
  tool: SourceTool;
  sourceDir: string;
  migrations: ConvertedMigration[];
  skipped: SkippedItem[];
  /** Versions that changed on the way (zero-padded, or Flyway's dotted versions as digits). */
  mappings: VersionMapping[];
}

/** What a tool's parser returns for its folder. */
export interface ParsedSource {
  migrations: SourceMigration[];
  skipped: SkippedItem[];
}
