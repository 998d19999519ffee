// commander's classes, imported in one place. The build bundles commander with dbtk
// (scripts/bundle.js): loaded from node_modules, its CommonJS files cost ~10 ms of every
// command's start (docs/benchmarks.md).

export { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
