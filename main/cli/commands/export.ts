import { ExportFormat } from '../../../preload/contract.ts';
import { CallcueError } from '../../base/errors.ts';
import { checkTimeZone, exportFormats, parseRange } from '../../export/index.ts';
import { pickLanguage } from '../../../locales/index.ts';
import type { Command } from '../command.ts';

/** `--format`, or the output file's extension when it names a format. */
function formatOf(format: string | undefined, out: string): ExportFormat {
  const chosen = format ?? out.split('.').pop()?.toLowerCase();
  const parsed = ExportFormat.safeParse(chosen);
  if (!parsed.success) throw new CallcueError('usage', `Unknown export format "${chosen}": use --format ${exportFormats.join('|')}.`);
  return parsed.data;
}

/**
 * `callcue export`: a manager's summary of the calls in a date range, as CSV, XLSX, PDF or JSON (metadata only);
 * with --team, every rep's calls from the team store (a manager's login) with per-rep figures.
 */
export const exportCommand: Command = {
  name: 'export',
  usage: 'export --from DATE --to DATE --format csv|xlsx|pdf|json --out FILE [--team] [--force] [--lang en|zh] [--tz ZONE] [--plugin NAME] [--json]',
  summary: 'Export call summaries (no transcripts, phone numbers masked) for a date range',
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    /** Replace an existing --out file (otherwise refused: an export never overwrites silently). */
    force: { type: 'boolean' },
    lang: { type: 'string' },
    tz: { type: 'string' },
    plugin: { type: 'string' },
    json: { type: 'boolean' },
    /** The whole team's calls, from the team store (this PC's login must be a manager's). */
    team: { type: 'boolean' },
  },
  async run({ core, io, options }) {
    const out = options.out;
    if (typeof out !== 'string' || !out) throw new CallcueError('usage', `Where to? callcue ${exportCommand.usage}`);
    const format = formatOf(options.format as string | undefined, out);
    const timeZone = checkTimeZone((options.tz as string | undefined) ?? core.reports.timeZone);
    const range = parseRange({ from: options.from as string | undefined, to: options.to as string | undefined, timeZone });
    const plugin = typeof options.plugin === 'string' ? options.plugin : undefined;
    const language = pickLanguage(typeof options.lang === 'string' ? options.lang : core.info.osLocale);
    const started = performance.now();
    const request = { filter: { ...range, plugin }, format, language, timeZone };
    const replace = options.force === true;
    const { file, calls } = await core.reports.exportTo(out, request, { replace, scope: options.team ? 'team' : 'pc' });
    const ms = Math.round(performance.now() - started);
    io.stdout(options.json ? JSON.stringify({ file, format, calls, from: range.from, to: range.to, timeZone, ms }) : `${file}: ${calls} calls (${format}, ${ms} ms)`);
    return 0;
  },
};
