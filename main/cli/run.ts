import { parseArgs } from 'node:util';
import { createHeadlessCore } from '../core/headless.ts';
import { CallcueError, errorMessage } from '../core/errors.ts';
import { createTranslator } from '../core/translate.ts';
import { doctorCommand } from './doctor.ts';

const usage = `Usage: callcue <command> [options]

Commands:
  doctor            Check what CallCue needs on this machine (--json for machine-readable output)

Options:
  --json            Print JSON instead of a table
  --lang en|zh-CN   Output language (default: the OS locale)
  --debug           Print stack traces on errors
  -h, --help        Show this help`;

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

/** Runs one CLI invocation and returns the exit code: 0 done, 1 the command found a problem, 2 bad input or an error. */
export async function runCli(argv: string[], io: Io): Promise<number> {
  const debug = argv.includes('--debug');
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, lang: { type: 'string' }, debug: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
    });
    const [command, ...rest] = positionals;
    if (values.help || !command) {
      io.stdout(usage);
      return command || values.help ? 0 : 2;
    }
    if (rest.length) throw new CallcueError('usage', `Unexpected argument "${rest[0]}" for ${command}.`);
    const core = createHeadlessCore(io.env);
    const { t, render } = createTranslator(values.lang ?? core.info.osLocale);
    switch (command) {
      case 'doctor': {
        const result = await doctorCommand(core, { json: values.json, t, render });
        io.stdout(result.output);
        return result.exitCode;
      }
      default:
        throw new CallcueError('usage', `Unknown command "${command}". Run callcue --help.`);
    }
  } catch (error) {
    io.stderr(debug && error instanceof Error && error.stack ? error.stack : `callcue: ${errorMessage(error)}`);
    return 2;
  }
}
