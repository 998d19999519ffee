// goose and sql-migrate files: one SQL file with marker comments (`-- +goose Up`,
// `-- +migrate Down notransaction`, `StatementBegin` / `StatementEnd`). dbmate sends a whole
// section as one query, so statement blocks need no marker there: the markers are dropped and
// the SQL kept as written. A marker dbtk does not know is an error, never skipped.

import { section, sourceFileError } from './source-files.js';
import type { ConvertedSection } from './types.js';

export interface AnnotatedDialect {
  /** `+goose` or `+migrate`. */
  prefix: string;
  /** The tool's name, for messages. */
  tool: string;
  /** Options allowed after `Up` / `Down` (sql-migrate: `notransaction`). */
  sectionOptions: readonly string[];
  /** Markers that stand alone and turn the transaction off for the whole file (goose: `NO TRANSACTION`). */
  fileNoTransaction?: RegExp;
  /** Markers known to the tool that dbmate cannot honour, with the reason. */
  unsupported?: { pattern: RegExp; reason: string }[];
}

export interface AnnotatedFile {
  up: ConvertedSection;
  down: ConvertedSection;
}

export function parseAnnotatedSql(dir: string, file: string, text: string, dialect: AnnotatedDialect): AnnotatedFile {
  const marker = new RegExp(`^\\s*--\\s*${dialect.prefix.replace('+', '\\+')}\\s+(.*?)\\s*$`);
  const lines = text.split('\n');
  const sections: Record<'up' | 'down', { lines: string[]; transaction: boolean; seen: boolean }> = {
    up: { lines: [], transaction: true, seen: false },
    down: { lines: [], transaction: true, seen: false },
  };
  let current: 'up' | 'down' | undefined;
  let blockStart: number | undefined;
  let fileNoTransaction = false;
  lines.forEach((line, index) => {
    const lineNo = index + 1;
    const match = marker.exec(line);
    if (!match) {
      if (current) sections[current].lines.push(line);
      else if (line.trim() !== '' && !line.trim().startsWith('--'))
        throw sourceFileError(
          dir,
          file,
          lineNo,
          `SQL before the "-- ${dialect.prefix} Up" marker`,
          `${dialect.tool} would not run it either: move it into the Up section.`,
        );
      return;
    }
    const words = match[1].split(/\s+/).filter(Boolean);
    const head = (words[0] ?? '').toLowerCase();
    if (dialect.fileNoTransaction?.test(match[1])) {
      fileNoTransaction = true;
      return;
    }
    const unsupported = dialect.unsupported?.find((u) => u.pattern.test(match[1]));
    if (unsupported) throw sourceFileError(dir, file, lineNo, `"${line.trim()}" cannot be converted: ${unsupported.reason}`);
    if (head === 'up' || head === 'down') {
      if (blockStart !== undefined) throw sourceFileError(dir, file, blockStart, 'StatementBegin has no StatementEnd');
      if (sections[head].seen) throw sourceFileError(dir, file, lineNo, `a second "${dialect.prefix} ${words[0]}" marker`);
      for (const option of words.slice(1)) {
        if (!dialect.sectionOptions.includes(option.toLowerCase()))
          throw sourceFileError(dir, file, lineNo, `unknown option "${option}" on the ${dialect.tool} ${words[0]} marker`);
      }
      current = head;
      sections[head].seen = true;
      sections[head].transaction = !words.slice(1).some((w) => w.toLowerCase() === 'notransaction');
      return;
    }
    if (head === 'statementbegin' && words.length === 1) {
      if (!current) throw sourceFileError(dir, file, lineNo, `StatementBegin outside an Up or Down section`);
      if (blockStart !== undefined) throw sourceFileError(dir, file, lineNo, 'StatementBegin inside another StatementBegin');
      blockStart = lineNo;
      return;
    }
    if (head === 'statementend' && words.length === 1) {
      if (blockStart === undefined) throw sourceFileError(dir, file, lineNo, 'StatementEnd without StatementBegin');
      blockStart = undefined;
      return;
    }
    throw sourceFileError(
      dir,
      file,
      lineNo,
      `unknown ${dialect.tool} marker "${line.trim()}"`,
      `dbtk converts only the markers ${dialect.tool} documents; fix or remove this one.`,
    );
  });
  if (blockStart !== undefined) throw sourceFileError(dir, file, blockStart, 'StatementBegin has no StatementEnd');
  if (!sections.up.seen)
    throw sourceFileError(dir, file, undefined, `no "-- ${dialect.prefix} Up" marker, so ${dialect.tool} would not run it either`);
  const noteDown = sections.down.seen ? 'the Down section was empty' : `the ${dialect.tool} file had no Down section`;
  return {
    up: section(sections.up.lines, sections.up.transaction && !fileNoTransaction),
    down: section(sections.down.lines, sections.down.transaction && !fileNoTransaction, noteDown),
  };
}
