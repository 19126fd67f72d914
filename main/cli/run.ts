import { parseArgs } from 'node:util';
import { createHeadlessCore } from '../core/headless.ts';
import { CallcueError, errorMessage } from '../base/errors.ts';
import { createTranslator } from '../base/translate.ts';
import type { Command, Io } from './command.ts';
import { assistCommand } from './commands/assist.ts';
import { autopilotCommand } from './commands/autopilot.ts';
import { chatCommand } from './commands/chat.ts';
import { classifyCommand } from './commands/classify.ts';
import { doctorCommand } from './commands/doctor.ts';
import { exportCommand } from './commands/export.ts';
import { logsCommand } from './commands/logs.ts';
import { modelsCommand } from './commands/models.ts';
import { simulateCommand } from './commands/simulate.ts';
import { teamCommand } from './commands/team-campaign.ts';
import { transcribeCommand } from './commands/transcribe.ts';

export type { Io } from './command.ts';

const commands: Command[] = [simulateCommand, assistCommand, doctorCommand, transcribeCommand, modelsCommand, classifyCommand, chatCommand, exportCommand, autopilotCommand, logsCommand, teamCommand];

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: callcue <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}\n  ${' '.repeat(width)}  callcue ${c.usage}`),
    '',
    'Every command: --debug (stack traces on errors), -h/--help.',
  ].join('\n');
}

/**
 * parseArgs, with its errors as one usage line, and a value that starts with a dash (`--ring -5`) taken as the
 * value, so the option's own check can say what it takes.
 */
function parseOptions(command: Command, args: string[]): ReturnType<typeof parseArgs> {
  const options: NonNullable<Parameters<typeof parseArgs>[0]>['options'] = { ...command.options, debug: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } };
  const takesValue = (arg: string) => arg.startsWith('--') && options[arg.slice(2)]?.type === 'string';
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const [arg, next] = [args[i]!, args[i + 1]];
    if (takesValue(arg) && next !== undefined && /^-\d/.test(next)) joined.push(`${arg}=${args[++i]}`);
    else joined.push(arg);
  }
  try {
    return parseArgs({ args: joined, allowPositionals: true, options });
  } catch (error) {
    const option = /'(-[^' ]+)/.exec(errorMessage(error))?.[1];
    throw new CallcueError('usage', `${option ? `Unknown or incomplete option ${option}` : errorMessage(error)}. Usage: callcue ${command.usage}`);
  }
}

/** Runs one CLI invocation and returns the exit code: 0 done, 1 the command found a problem, 2 bad input or an error. */
export async function runCli(argv: string[], io: Io): Promise<number> {
  const debug = argv.includes('--debug');
  let core: ReturnType<typeof createHeadlessCore> | undefined;
  try {
    // The command is the first word; a file of the same name later on is a file ("transcribe transcribe").
    const at = argv.findIndex((a) => !a.startsWith('-'));
    const name = argv[at];
    const command = commands.find((c) => c.name === name);
    if (!name || argv.includes('--help') || argv.includes('-h')) {
      io.stdout(usage());
      return name || argv.length ? 0 : 2;
    }
    if (!command) throw new CallcueError('usage', `Unknown command "${name}". Run callcue --help.`);
    const { values, positionals } = parseOptions(command, argv.toSpliced(at, 1));
    if (positionals.length > (command.maxArgs ?? 0)) throw new CallcueError('usage', `Unexpected argument "${positionals.at(-1)}". Usage: callcue ${command.usage}`);
    core = createHeadlessCore(io.env);
    const options = values as Record<string, string | boolean | undefined>;
    // --lang is the output language for doctor; for brain commands it is the language of the call.
    const { t, render } = createTranslator(typeof options.lang === 'string' && command === doctorCommand ? options.lang : core.info.osLocale);
    return await command.run({ core, io, options, args: positionals, t, render });
  } catch (error) {
    io.stderr(debug && error instanceof Error && error.stack ? error.stack : `callcue: ${errorMessage(error)}`);
    return 2;
  } finally {
    // The store's worker and the Whisper process would keep the process alive.
    await core?.close().catch(() => undefined);
  }
}
