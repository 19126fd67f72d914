import fs from 'node:fs';
import { logFile } from '../../log/index.ts';
import type { Command } from '../command.ts';
import { wholeNumber } from '../options.ts';

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** One log entry as a line a person reads: time, level, process, message, then its fields. */
function pretty(line: string): string {
  try {
    const { time, level, process: proc, msg, pid: _pid, ...fields } = JSON.parse(line) as Record<string, unknown>;
    const rest = Object.entries(fields).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
    return [time, (LEVELS[level as number] ?? String(level)).padEnd(5), proc, msg, ...rest].join('  ');
  } catch {
    return line;
  }
}

/** `callcue logs`: the last lines of the structured log (ids, intents, timings; never words or numbers). */
export const logsCommand: Command = {
  name: 'logs',
  usage: 'logs [--lines N] [--follow] [--json]',
  summary: 'Show the app and CLI log (metadata only); --follow keeps printing new entries',
  options: { lines: { type: 'string' }, follow: { type: 'boolean' }, json: { type: 'boolean' } },
  async run({ core, io, options }) {
    const count = wholeNumber(options, 'lines', { min: 1, max: 100_000 }) ?? 50;
    const file = logFile(core.paths.dataDir);
    const show = (text: string) => {
      for (const line of text.split('\n').filter(Boolean)) io.stdout(options.json ? line : pretty(line));
    };
    let offset = 0;
    if (fs.existsSync(file)) {
      const text = fs.readFileSync(file, 'utf8');
      offset = Buffer.byteLength(text);
      show(text.split('\n').filter(Boolean).slice(-count).join('\n'));
    } else if (!options.follow) io.stderr(`callcue: no log yet (${file}).`);
    if (!options.follow) return 0;
    // New entries as they come, until Ctrl+C; a rotation starts the new file from its beginning.
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const size = fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0;
        if (size < offset) offset = 0;
        if (size === offset) return;
        const fd = fs.openSync(file, 'r');
        const chunk = Buffer.alloc(size - offset);
        fs.readSync(fd, chunk, 0, chunk.length, offset);
        fs.closeSync(fd);
        offset = size;
        show(chunk.toString('utf8'));
      }, 500);
      process.once('SIGINT', () => {
        clearInterval(timer);
        resolve();
      });
    });
    return 0;
  },
};
