import type { ParseArgsConfig } from 'node:util';
import type { TFunction } from 'i18next';
import type { Core } from '../core/index.ts';
import type { Translate } from '../base/translate.ts';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Standard input, line by line. */
  lines: () => AsyncIterable<string>;
  env: NodeJS.ProcessEnv;
}

export interface CommandContext {
  core: Core;
  io: Io;
  options: Record<string, string | boolean | undefined>;
  args: string[];
  /** UI strings in the output language. */
  t: TFunction;
  render: Translate;
}

export interface Command {
  name: string;
  usage: string;
  summary: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Positional arguments it takes (files, actions); default none. */
  maxArgs?: number;
  /** Returns the exit code: 0 done, 1 the command found a problem. Bad input throws a CallcueError (exit 2). */
  run(ctx: CommandContext): Promise<number>;
}
