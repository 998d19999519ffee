import { describe, expect, it } from 'vitest';
import { ChildProcessRunner, type ProcessLine } from '../../../src/core/shared/process-runner.js';

const runner = new ChildProcessRunner();
const node = (script: string, extra: Partial<Parameters<ChildProcessRunner['run']>[0]> = {}) => ({
  command: process.execPath,
  args: ['-e', script],
  env: { PATH: process.env.PATH },
  cwd: process.cwd(),
  ...extra,
});

describe('the child-process runner', () => {
  it('streams each line as it arrives, in order, and keeps stdout and stderr apart', async () => {
    const seen: ProcessLine[] = [];
    const result = await runner.run(node('console.log("one"); console.error("oops"); console.log("two"); process.exitCode = 3'), (line) =>
      seen.push(line),
    );
    expect(result).toMatchObject({ exitCode: 3, spawnFailed: false, aborted: false, stdout: 'one\ntwo', stderr: 'oops' });
    expect(seen.filter((l) => l.stream === 'stdout').map((l) => l.text)).toEqual(['one', 'two']);
    expect(result.lines).toHaveLength(3);
  });

  it('gives the child exactly the environment asked for, nothing inherited', async () => {
    process.env.DBTK_RUNNER_LEAK = 'leaked';
    try {
      const result = await runner.run(
        node('console.log(JSON.stringify(process.env))', { env: { PATH: process.env.PATH, ONLY: 'this', DROPPED: undefined } }),
      );
      const env = JSON.parse(result.stdout) as NodeJS.ProcessEnv;
      expect(env.ONLY).toBe('this');
      expect(env).not.toHaveProperty('DBTK_RUNNER_LEAK');
      expect(env).not.toHaveProperty('DROPPED');
    } finally {
      delete process.env.DBTK_RUNNER_LEAK;
    }
  });

  it('feeds input on stdin, and runs in the given folder', async () => {
    const result = await runner.run(
      node('let s=""; process.stdin.on("data", d => s += d).on("end", () => console.log(s.toUpperCase(), process.cwd()))', {
        input: 'select 1',
        cwd: '/tmp',
      }),
    );
    expect(result.stdout).toBe('SELECT 1 /tmp');
  });

  it('says when a command cannot be started at all', async () => {
    const result = await runner.run({ command: '/no/such/dbmate', args: ['status'], env: {}, cwd: process.cwd() });
    expect(result).toMatchObject({ exitCode: 127, spawnFailed: true });
    expect(result.spawnError).toMatch(/\/no\/such\/dbmate could not be started: .*ENOENT/);
  });

  it('stops the child with SIGINT on abort, so it can clean up, and reports the abort', async () => {
    const controller = new AbortController();
    const script =
      'process.on("SIGINT", () => { console.log("cleaned up"); process.exit(130); }); console.log("ready"); setInterval(() => {}, 1000)';
    const result = await runner.run(node(script, { signal: controller.signal }), (line) => {
      if (line.text === 'ready') controller.abort();
    });
    expect(result).toMatchObject({ aborted: true, exitCode: 130, stdout: 'ready\ncleaned up' });
  });

  it('reports the signal when the child is killed by one', async () => {
    const result = await runner.run(node('process.kill(process.pid, "SIGTERM"); setInterval(() => {}, 1000)'));
    expect(result).toMatchObject({ signal: 'SIGTERM', exitCode: 130, aborted: false });
  });

  it('does not start a child when already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await runner.run(node('console.log("ran")', { signal: controller.signal }));
    expect(result).toMatchObject({ aborted: true, exitCode: 130, stdout: '' });
  });
});

describe('a long-lived child (session)', () => {
  // Echoes each line it reads; `die` makes it exit with 4.
  const echo = node(
    'require("readline").createInterface({ input: process.stdin }).on("line", (l) => { if (l === "die") process.exit(4); console.log(l); })',
  );

  it('answers exchange after exchange, each up to its marker line', async () => {
    const session = runner.session(echo);
    try {
      expect(await session.exchange('a\nb\nEND1\n', 'END1')).toEqual({ stdout: 'a\nb\n', stderr: '' });
      expect(await session.exchange('END2\n', 'END2')).toEqual({ stdout: '', stderr: '' });
      await expect(Promise.all([session.exchange('x\nEND3\n', 'END3'), session.exchange('y\n', 'END4')])).rejects.toThrow(
        /One exchange at a time/,
      );
    } finally {
      session.close();
    }
  });

  it('rejects the exchange waiting when the child ends, and every one after', async () => {
    const session = runner.session(echo);
    await expect(session.exchange('die\n', 'END')).rejects.toThrow(/ended \(exit 4\)/);
    await expect(session.exchange('a\nEND\n', 'END')).rejects.toThrow(/ended/);
    const missing = runner.session({ ...echo, command: '/nonexistent/dbtk-no-such-command' });
    await expect(missing.exchange('END\n', 'END')).rejects.toThrow(/could not be started/);
  });
});
