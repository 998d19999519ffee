// commander, required as the CommonJS package it is: through ESM's `import` Node first scans
// each of its files for exports, which cost ~8 ms of every command's start (docs/benchmarks.md).

import { createRequire } from 'node:module';

const commander = createRequire(import.meta.url)('commander') as typeof import('commander');

export const { Command, CommanderError, InvalidArgumentError, Option } = commander;
export type Command = import('commander').Command;
export type CommanderError = import('commander').CommanderError;
