// A ProcessRunner that replays recorded dbmate output, for unit tests of the parsing and
// batching logic. Integration tests use the real binary instead.

import type { ProcessLine, ProcessRequest, ProcessResult, ProcessRunner } from '../../src/core/shared/process-runner.js';

export interface Recording {
  lines: ProcessLine[];
  exitCode?: number;
}

export class RecordedRunner implements ProcessRunner {
  readonly requests: ProcessRequest[] = [];
  constructor(private readonly respond: (request: ProcessRequest) => Recording) {}

  async run(request: ProcessRequest, onLine?: (line: ProcessLine) => void): Promise<ProcessResult> {
    this.requests.push(request);
    const { lines, exitCode = 0 } = this.respond(request);
    for (const line of lines) onLine?.(line);
    return {
      exitCode,
      aborted: false,
      spawnFailed: false,
      lines,
      stdout: lines
        .filter((l) => l.stream === 'stdout')
        .map((l) => l.text)
        .join('\n'),
      stderr: lines
        .filter((l) => l.stream === 'stderr')
        .map((l) => l.text)
        .join('\n'),
    };
  }
}

export const out = (text: string): ProcessLine => ({ stream: 'stdout', text });
export const err = (text: string): ProcessLine => ({ stream: 'stderr', text });
