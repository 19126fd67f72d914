import fs from 'node:fs';
import type { CampaignEvent } from '../../campaign/campaign.ts';
import { launchCampaign } from '../../campaign/launch.ts';
import { untilTime } from '../../campaign/until.ts';
import { LeadErrors, parseDoNotCall, parseLeads } from '../../campaign/leads.ts';
import { defaultRules } from '../../campaign/rules.ts';
import { voicemailSetting, type VoicemailOptions } from '../../campaign/screening.ts';
import { transferSetting } from '../../campaign/transfer.ts';
import { CALLBACK_NUMBER } from '../../../preload/contract.ts';
import { CallcueError } from '../../base/errors.ts';
import { connectTeam } from '../../team/client.ts';
import { TeamLeadSource } from '../../team/lead-source.ts';
import type { Command, CommandContext, Io } from '../command.ts';
import { wholeNumber } from '../options.ts';
import { ownTarget } from '../../team/index.ts';

/** The file's bytes: the lead list's parser tells UTF-8 from UTF-16 and refuses other encodings. */
function readFile(file: string, what: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new CallcueError('usage', `Cannot read the ${what} ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}.`);
  }
}

/** `rowsSkipped`: rows of the lead list left out at import, repeated in the closing summary (the morning report). */
function print(event: CampaignEvent, io: Io, json: boolean, rowsSkipped: number): void {
  if (json) return io.stdout(JSON.stringify(event.type === 'done' ? { ...event, rowsSkipped } : event));
  if (event.type === 'dial') io.stdout(`☎ ${event.phone} (line ${event.line})`);
  else if (event.type === 'skip') io.stdout(`· ${event.phone} skipped: ${event.reason} (${event.detail})`);
  else if (event.type === 'disposition') io.stdout(`  ${event.phone}: ${event.disposition}${event.callbackAt ? ` at ${event.callbackAt}` : ''}${event.firstWordsMs !== undefined ? ` · first words ${event.firstWordsMs} ms` : ''}`);
  else if (event.type === 'paused' && event.reason === 'team_stale') io.stdout("⏸ paused: the team's do-not-call list is out of date (team store unreachable); dialling resumes by itself once it is back");
  else if (event.type === 'resumed') io.stdout('▶ resumed');
  else if (event.type === 'paused') io.stdout(`⏸ paused: ${event.reason}${event.abandonRate !== undefined ? ` (abandonment ${(event.abandonRate * 100).toFixed(1)}% > 3%)` : ''}`);
  else if (event.type === 'done') io.stdout(`\n■ ${event.dialled} dialled, ${event.answered} answered; ${Object.entries(event.dispositions).map(([k, v]) => `${k} ${v}`).join(', ') || 'no dispositions'}; skipped ${Object.entries(event.skipped).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}; abandonment ${(event.abandonRate * 100).toFixed(1)}% (${event.stoppedBy})${rowsSkipped ? `; ${rowsSkipped} bad row${rowsSkipped > 1 ? 's' : ''} of the lead list skipped` : ''}`);
}

/** `--voicemail hang-up|leave-message` and `--callback-number` (see voicemailSetting). */
function voicemailOption(policy: unknown, callbackNumber: unknown): VoicemailOptions {
  if (policy !== undefined && policy !== 'hang-up' && policy !== 'leave-message') throw new CallcueError('usage', `--voicemail must be hang-up or leave-message, not "${String(policy)}".`);
  if (callbackNumber !== undefined && !CALLBACK_NUMBER.test(String(callbackNumber))) throw new CallcueError('usage', `--callback-number must be a phone number like +14155550100, not "${String(callbackNumber)}".`);
  if (policy === 'leave-message' && callbackNumber === undefined) throw new CallcueError('usage', '--voicemail leave-message needs --callback-number: the message tells the callee which number to call back.');
  return voicemailSetting(policy === undefined ? undefined : policy === 'hang-up' ? 'hang_up' : 'leave_message', callbackNumber as string | undefined);
}

/**
 * `--team-campaign ID`: the team's shared campaign, leased lead by lead with this PC's own login (`team join`);
 * the rules and the other PCs are the team store's business.
 */
async function teamCampaign({ core, io, options }: CommandContext, id: number): Promise<TeamLeadSource> {
  const target = ownTarget(io.env, core.teamLogins);
  const leaseSeconds = wholeNumber(options, 'lease', { min: 2, max: 3600 }) ?? 60;
  return new TeamLeadSource({ connect: () => connectTeam(target), campaignId: id, leaseSeconds }).open();
}

/** `callcue autopilot`: works through a lead list on its own, within the calling rules, and reports each call. */
export const autopilotCommand: Command = {
  name: 'autopilot',
  usage: 'autopilot --campaign FILE [--strict] [--dnc FILE] | --team-campaign ID [--lease SECONDS] [--line virtual|sip:USER@HOST[:PORT][;transport=tls]] [--until 06:00] [--concurrency N] [--max-attempts N] [--ring SECONDS] [--voicemail hang-up|leave-message] [--callback-number +NUMBER] [--transfer-to EXT|SIP-URI [--transfer-hours HH:MM-HH:MM] [--transfer-zone ZONE]] [--model M] [--json]',
  summary: 'Call a lead list autonomously (AI disclosure, opt-out, calling windows, do-not-call) and report each call; bad rows are skipped, or with --strict reject the list',
  options: { campaign: { type: 'string' }, 'team-campaign': { type: 'string' }, lease: { type: 'string' }, strict: { type: 'boolean' }, dnc: { type: 'string' }, line: { type: 'string' }, until: { type: 'string' }, concurrency: { type: 'string' }, 'max-attempts': { type: 'string' }, ring: { type: 'string' }, voicemail: { type: 'string' }, 'callback-number': { type: 'string' }, 'transfer-to': { type: 'string' }, 'transfer-hours': { type: 'string' }, 'transfer-zone': { type: 'string' }, model: { type: 'string' }, json: { type: 'boolean' } },
  async run(context) {
    const { core, io, options } = context;
    const json = options.json === true;
    const teamId = wholeNumber(options, 'team-campaign', { min: 1, max: Number.MAX_SAFE_INTEGER });
    if ((typeof options.campaign === 'string') === (teamId !== undefined)) throw new CallcueError('usage', `A lead list or a team's campaign (one of them)? callcue ${autopilotCommand.usage}`);
    const concurrency = wholeNumber(options, 'concurrency', { min: 1, max: 8 }) ?? 1;
    const maxAttempts = wholeNumber(options, 'max-attempts', { min: 1, max: 10 }) ?? defaultRules.maxAttempts;
    const ringSeconds = wholeNumber(options, 'ring', { min: 5, max: 120 }) ?? 30;
    const until = typeof options.until === 'string' ? untilTime(options.until) : undefined;
    const voicemail = voicemailOption(options.voicemail, options['callback-number']);
    const line = typeof options.line === 'string' ? options.line : 'virtual';
    // Warm transfer: a callee who asks for a person is put through to this phone while reps are on duty (transfer.ts).
    const transfer = transferSetting({ to: options['transfer-to'] as string | undefined, hours: options['transfer-hours'] as string | undefined, timeZone: options['transfer-zone'] as string | undefined, line });
    let list = { leads: [] as Awaited<ReturnType<typeof parseLeads>>['leads'], skipped: [] as { line: number; message: string }[] };
    try {
      if (typeof options.campaign === 'string') list = await parseLeads(readFile(options.campaign, 'lead list'), { plugins: [...core.brains.plugins.keys()], strict: options.strict === true });
    } catch (error) {
      if (json && error instanceof LeadErrors) for (const { line, message } of error.rows) io.stdout(JSON.stringify({ type: 'csv_error', line, message }));
      throw error;
    }
    const source = teamId === undefined ? undefined : await teamCampaign(context, teamId);
    for (const { line, message } of list.skipped) io.stdout(json ? JSON.stringify({ type: 'csv_error', line, message, skipped: true }) : `· line ${line} of the lead list skipped: ${message}`);
    const doNotCall = typeof options.dnc === 'string' ? parseDoNotCall(readFile(options.dnc, 'do-not-call list').toString('utf8')) : [];
    const store = await core.store();
    if (doNotCall.length) await store.call('addDoNotCall', { phones: doNotCall, source: 'import', addedAt: Date.now() });
    // On a team, the run dials on the team's do-not-call list and sends its calls as it goes (closed with the core).
    core.team.start();
    const { campaign, close } = await launchCampaign({
      leads: list.leads,
      source,
      line,
      model: options.model as string | undefined,
      concurrency,
      maxAttempts,
      until,
      ringSeconds,
      paths: core.paths,
      env: io.env,
      brains: core.brains,
      store,
      log: core.log,
      listFresh: () => core.team.listFresh(),
      voicemail,
      transfer,
    }).catch(async (error: unknown) => {
      await source?.close();
      throw error;
    });
    try {
      campaign.on('event', (event: CampaignEvent) => print(event, io, json, list.skipped.length));
      const stop = () => campaign.stop();
      process.once('SIGINT', stop);
      try {
        await campaign.run();
      } finally {
        process.off('SIGINT', stop);
      }
      return 0;
    } finally {
      await close();
      await source?.close();
    }
  },
};
