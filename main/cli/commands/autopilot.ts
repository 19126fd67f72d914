import fs from 'node:fs';
import { resolveModel } from '../../asr/models/resolve.ts';
import { WhisperEngine } from '../../asr/whisper-engine.ts';
import { Campaign, type CampaignEvent } from '../../campaign/campaign.ts';
import { LeadErrors, parseDoNotCall, parseLeads } from '../../campaign/leads.ts';
import type { Line } from '../../campaign/line.ts';
import { defaultRules } from '../../campaign/rules.ts';
import { parseSipLine, SipLine } from '../../campaign/sip-line.ts';
import { VirtualLine } from '../../campaign/virtual-line.ts';
import { CallcueError } from '../../core/errors.ts';
import { Voice } from '../../tts/index.ts';
import type { Command, Io } from '../command.ts';

function readFile(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new CallcueError('usage', `Cannot read the ${what} ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}.`);
  }
}

/** `--until 06:00`: the next time the PC's clock shows it. */
function untilTime(value: string, now = new Date()): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  if (!m) throw new CallcueError('usage', `--until must be a time like 06:00, not "${value}".`);
  const at = new Date(now);
  at.setHours(Number(m[1]), Number(m[2]), 0, 0);
  if (at.getTime() <= now.getTime()) at.setDate(at.getDate() + 1);
  return at.getTime();
}

function print(event: CampaignEvent, io: Io, json: boolean): void {
  if (json) return io.stdout(JSON.stringify(event));
  if (event.type === 'dial') io.stdout(`☎ ${event.phone} (line ${event.line})`);
  else if (event.type === 'skip') io.stdout(`· ${event.phone} skipped: ${event.reason} (${event.detail})`);
  else if (event.type === 'disposition') io.stdout(`  ${event.phone}: ${event.disposition}${event.callbackAt ? ` at ${event.callbackAt}` : ''}${event.firstWordsMs !== undefined ? ` · first words ${event.firstWordsMs} ms` : ''}`);
  else if (event.type === 'paused') io.stdout(`⏸ paused: ${event.reason}${event.abandonRate !== undefined ? ` (abandonment ${(event.abandonRate * 100).toFixed(1)}% > 3%)` : ''}`);
  else if (event.type === 'done') io.stdout(`\n■ ${event.dialled} dialled, ${event.answered} answered; ${Object.entries(event.dispositions).map(([k, v]) => `${k} ${v}`).join(', ') || 'no dispositions'}; skipped ${Object.entries(event.skipped).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}; abandonment ${(event.abandonRate * 100).toFixed(1)}% (${event.stoppedBy})`);
}

/** `callcue autopilot`: works through a lead list on its own, within the calling rules, and reports each call. */
export const autopilotCommand: Command = {
  name: 'autopilot',
  usage: 'autopilot --campaign FILE [--dnc FILE] [--line virtual|sip:USER@HOST[:PORT][;transport=tls]] [--until 06:00] [--concurrency N] [--max-attempts N] [--model M] [--json]',
  summary: 'Call a lead list autonomously (AI disclosure, opt-out, calling windows, do-not-call) and report each call',
  options: { campaign: { type: 'string' }, dnc: { type: 'string' }, line: { type: 'string' }, until: { type: 'string' }, concurrency: { type: 'string' }, 'max-attempts': { type: 'string' }, model: { type: 'string' }, json: { type: 'boolean' } },
  async run({ core, io, options }) {
    const json = options.json === true;
    if (typeof options.campaign !== 'string') throw new CallcueError('usage', `Which lead list? callcue ${autopilotCommand.usage}`);
    const concurrency = Number(options.concurrency ?? 1);
    const maxAttempts = Number(options['max-attempts'] ?? defaultRules.maxAttempts);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 8) throw new CallcueError('usage', '--concurrency must be a whole number from 1 to 8.');
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new CallcueError('usage', '--max-attempts must be a whole number of at least 1.');
    const until = typeof options.until === 'string' ? untilTime(options.until) : undefined;
    let leads;
    try {
      leads = parseLeads(readFile(options.campaign, 'lead list'), { plugins: [...core.brains.plugins.keys()] });
    } catch (error) {
      if (json && error instanceof LeadErrors) for (const row of error.rows) io.stdout(JSON.stringify({ type: 'csv_error', line: Number(/^line (\d+)/.exec(row)?.[1]), message: row.replace(/^line \d+: /, '') }));
      throw error;
    }
    const doNotCall = typeof options.dnc === 'string' ? parseDoNotCall(readFile(options.dnc, 'do-not-call list')) : [];
    const model = await resolveModel(options.model as string | undefined, core.paths, io.env);
    const store = await core.store();
    if (doNotCall.length) await store.call('addDoNotCall', { phones: doNotCall, source: 'import', addedAt: Date.now() });
    const voice = new Voice();
    const spec = typeof options.line === 'string' ? options.line : 'virtual';
    const line: Line = spec === 'virtual' ? new VirtualLine(voice, core.paths.resourcesDir) : await SipLine.open(parseSipLine(spec, io.env));
    const engine = await WhisperEngine.start({ model: model.path, maxTokens: model.maxTokens, temperatureFallback: model.kind !== 'fixture' });
    try {
      const campaign = new Campaign({ leads, rules: { ...defaultRules, maxAttempts }, line, store, brains: core.brains, engine, voice, asr: `whisper ${model.name}`, fixture: model.kind === 'fixture', concurrency, until });
      campaign.on('event', (event: CampaignEvent) => print(event, io, json));
      const stop = () => campaign.stop();
      process.once('SIGINT', stop);
      try {
        await campaign.run();
      } finally {
        process.off('SIGINT', stop);
      }
      return 0;
    } finally {
      await engine.close();
      await line.close();
    }
  },
};
