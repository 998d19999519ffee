// `dbtk setup`: download and verify a dbmate release into the cache (for machines where the
// npm package's binary is not usable).

import type { Command } from 'commander';
import { setupDbmate } from '../../core/dbmate/setup.js';
import { defaultProcessRunner } from '../../core/shared/process-runner.js';
import { runAction, style, writeJson, writeLine } from '../output.js';

export function register(program: Command): void {
  program
    .command('setup')
    .description('download dbmate for this platform, verify its SHA-256 and cache it')
    .option('--release <version>', 'dbmate version to install (default: the one dbtk ships with)')
    .option('--base-url <url>', 'download base URL (default: DBTK_DBMATE_DOWNLOAD_URL or GitHub releases)')
    .option('--sha256 <hex>', 'expected SHA-256 of the binary (else read from checksums.txt beside it)')
    .option('--json', 'print JSON')
    .action(
      runAction(async (opts: { release?: string; baseUrl?: string; sha256?: string; json?: boolean }) => {
        const result = await setupDbmate(defaultProcessRunner, {
          version: opts.release,
          baseUrl: opts.baseUrl,
          sha256: opts.sha256,
          onProgress: opts.json ? undefined : (m) => writeLine(style.dim(m)),
        });
        if (opts.json)
          writeJson({ ok: true, path: result.binary.path, version: result.binary.version, url: result.url, sha256: result.sha256 });
        else
          writeLine(
            `${style.green('Installed')} dbmate ${result.binary.version} at ${result.binary.path} (sha256 ${result.sha256.slice(0, 12)}… verified)`,
          );
      }),
    );
}
