#!/usr/bin/env node
import readline from 'node:readline';
import { runCli } from './run.ts';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
  lines: () => readline.createInterface({ input: process.stdin, crlfDelay: Infinity }),
  env: process.env,
});
