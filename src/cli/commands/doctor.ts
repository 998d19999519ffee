// `dbtk doctor`: which dbmate, which URL, can we connect, is the dump tool there.

import type { Command } from 'commander';
import { runDoctor } from '../../core/project/doctor.js';
import { terminalText } from '../../core/shared/terminal-text.js';
import { openProjectFromCli } from '../context.js';
import { EXIT, runAction, style, writeJson, writeLine } from '../output.js';

export function register(program: Command): void {
  program
    .command('doctor')
    .description('check dbmate, the connection, the dump tool and the migrations folder')
    .option('--json', 'print JSON')
    .action(
      runAction(async (opts: { json?: boolean }, command: Command) => {
        const project = await openProjectFromCli(command);
        const checks = await runDoctor(project);
        const ok = checks.every((c) => c.level !== 'error');
        if (opts.json) {
          writeJson({ ok, connection: project.config.connectionName, checks });
        } else {
          for (const check of checks) {
            const mark =
              check.level === 'ok' ? style.green('✔ ok  ') : check.level === 'warn' ? style.yellow('! warn') : style.red('✖ fail');
            writeLine(`${mark} ${check.id.padEnd(15)} ${check.message}`);
            if (check.hint && check.level !== 'ok') writeLine(`       ${style.dim(`fix: ${check.hint}`)}`);
            if (check.detail && check.level !== 'ok') writeLine(`       ${style.dim('detail:')} ${terminalText(check.detail)}`);
          }
        }
        return ok ? EXIT.OK : EXIT.FAILED;
      }),
    );
}
