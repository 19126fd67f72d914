import fs from 'node:fs';
import { CallcueError } from '../../base/errors.ts';
import { LeadErrors } from '../../campaign/leads.ts';
import type { CallingWindow } from '../../campaign/rules.ts';
import { untilTime } from '../../campaign/until.ts';
import { parseTeamUrl, withTeam, type TeamTarget } from '../../team/index.ts';
import { allowPcs, campaignReport, createCampaign, importLeads, setCampaignState, setRules, type CampaignReport, type TeamCampaignRules } from '../../team/campaigns.ts';
import type { Command, CommandContext } from '../command.ts';
import { choice, positiveNumber, wholeNumber } from '../options.ts';
import { teamCommand as teamBase } from './team.ts';

const RULES = '[--window 08:00-21:00] [--region-window CN=09:00-20:00,...] [--max-attempts N] [--backoff busy=30,no_answer=120,...] [--abandon-limit 0.03] [--until 06:00]';
const USAGE = `team campaign create NAME --plugin ID [--lang en|zh] ${RULES} | rules ID ${RULES} | import ID FILE [--strict] [--json] | allow ID NAME[,NAME...] | start|pause|resume|stop ID | report ID [--json]`;

type Options = CommandContext['options'];

/** The manager's own login (CALLCUE_TEAM_URL or the one `team join` stored): a campaign belongs to a person, not to the server's admin. */
function managerTarget({ core, io }: CommandContext): TeamTarget {
  const given = io.env.CALLCUE_TEAM_URL ?? core.teamLogins.read('login')?.url;
  if (!given) throw new CallcueError('team_not_joined', 'This PC has not joined a team store: run callcue team join with your manager login.');
  return parseTeamUrl(given);
}

function window(text: string, option: string): CallingWindow {
  const m = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  if (!m || `${m[1]}:${m[2]}` >= `${m[3]}:${m[4]}`) throw new CallcueError('usage', `--${option} takes a window like 08:00-21:00 (start before end, the callee's local time), not "${text}".`);
  return { start: `${m[1]}:${m[2]}`, end: `${m[3]}:${m[4]}` };
}

/** `KEY=VALUE,KEY=VALUE` */
function pairs(text: string, option: string): [string, string][] {
  return text.split(',').map((p) => {
    const [key, value] = p.split('=').map((s) => s.trim());
    if (!key || !value) throw new CallcueError('usage', `--${option} takes KEY=VALUE pairs separated by commas, not "${text}".`);
    return [key, value];
  });
}

const retryable = ['no_answer', 'busy', 'voicemail', 'voicemail_left', 'failed', 'completed', 'lease_expired'] as const;

/** The rules given as options; those not given are left as they are. */
function rulesFrom(options: Options): Partial<TeamCampaignRules> {
  const rules: Partial<TeamCampaignRules> = {};
  if (typeof options.window === 'string') rules.window = window(options.window, 'window');
  if (typeof options['region-window'] === 'string') {
    rules.windows = Object.fromEntries(
      pairs(options['region-window'], 'region-window').map(([region, w]) => {
        if (!/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/.test(region)) throw new CallcueError('usage', `--region-window: "${region}" is not a region like CN or US-CA.`);
        return [region, window(w, 'region-window')];
      }),
    );
  }
  rules.maxAttempts = wholeNumber(options, 'max-attempts', { min: 1, max: 20 });
  if (typeof options.backoff === 'string') {
    rules.backoffMinutes = Object.fromEntries(
      pairs(options.backoff, 'backoff').map(([d, minutes]) => {
        if (!retryable.includes(d as (typeof retryable)[number])) throw new CallcueError('usage', `--backoff: "${d}" is not a disposition that is tried again (${retryable.join(', ')}).`);
        if (!/^\d+$/.test(minutes) || Number(minutes) > 43_200) throw new CallcueError('usage', `--backoff ${d}= takes minutes from 0 to 43200, not "${minutes}".`);
        return [d, Number(minutes)];
      }),
    );
  }
  const limit = positiveNumber(options, 'abandon-limit');
  if (limit !== undefined && limit > 0.03) throw new CallcueError('usage', `--abandon-limit is a share of answered calls, at most 0.03 (3%), not ${limit}.`);
  rules.abandonLimit = limit;
  if (typeof options.until === 'string') rules.stopAt = untilTime(options.until);
  return Object.fromEntries(Object.entries(rules).filter(([, v]) => v !== undefined));
}

function campaignId(value: string | undefined): number {
  if (!value || !/^\d+$/.test(value)) throw new CallcueError('usage', `Which campaign? Give its number (from create or report). Usage: callcue ${USAGE}`);
  return Number(value);
}

function readLeads(file: string | undefined): Buffer {
  if (!file) throw new CallcueError('usage', `Which lead list? Usage: callcue ${USAGE}`);
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new CallcueError('usage', `Cannot read the lead list ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}.`);
  }
}

const counts = (o: Record<string, number>) => Object.entries(o).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';

/** The morning report in lines: the campaign, then each PC. */
function reportLines(r: CampaignReport): string[] {
  const { campaign: c, leads, totals } = r;
  return [
    `Campaign ${c.id} "${c.name}" (${c.plugin}, ${c.language}): ${c.state}${c.stateReason ? ` (${c.stateReason}${c.stateChangedBy ? `, by ${c.stateChangedBy.slice(3)}` : ''})` : ''}${c.stopAt ? `; stops ${c.stopAt}` : ''}`,
    `Leads: ${leads.total}, finished ${leads.finished}, on a PC now ${leads.leasedNow}, eligible now ${leads.eligibleNow}; not dialable now: ${counts(r.skipped)}`,
    `Dialled ${totals.dialled}, answered ${totals.answered}, abandoned ${totals.abandoned} (${(totals.abandonRate * 100).toFixed(1)}% of answered, limit ${(c.abandonLimit * 100).toFixed(1)}%); outcomes: ${counts(totals.dispositions)}`,
    ...r.pcs.map((p) => `  ${p.displayName ?? p.rep} (${p.rep}): dialled ${p.dialled}, answered ${p.answered}, abandoned ${p.abandoned}, on the line ${p.onLine}; ${counts(p.dispositions)}`),
  ];
}

/** `callcue team campaign ...`: a manager's shared campaign, worked by every PC allowed on it. */
async function runCampaign(ctx: CommandContext): Promise<number> {
  const { io, options, args, core } = ctx;
  const [, action, first, second] = args;
  const json = options.json === true;
  const target = managerTarget(ctx);
  switch (action) {
    case 'create': {
      if (!first?.trim()) throw new CallcueError('usage', `The campaign's name? Usage: callcue ${USAGE}`);
      if (typeof options.plugin !== 'string') throw new CallcueError('usage', `Which business line? --plugin ${[...core.brains.plugins.keys()].join('|')}`);
      choice(options, 'plugin', [...core.brains.plugins.keys()]);
      const language = choice(options, 'lang', ['en', 'zh'] as const) === 'zh' ? 'zh-CN' : 'en';
      const id = await withTeam(target, (client) => createCampaign(client, { name: first, plugin: options.plugin as string, language, rules: rulesFrom(options) }));
      io.stdout(json ? JSON.stringify({ type: 'created', id }) : `Campaign ${id} "${first}" created (idle). Next: callcue team campaign import ${id} LEADS.csv, allow ${id} NAME,..., start ${id}.`);
      return 0;
    }
    case 'rules':
      await withTeam(target, (client) => setRules(client, campaignId(first), rulesFrom(options)));
      io.stdout(`Campaign ${first}: rules changed; every PC follows them from its next lead.`);
      return 0;
    case 'import': {
      const file = readLeads(second);
      let result;
      try {
        result = await withTeam(target, (client) => importLeads(client, campaignId(first), file, { strict: options.strict === true }));
      } catch (error) {
        if (json && error instanceof LeadErrors) for (const { line, message } of error.rows) io.stdout(JSON.stringify({ type: 'csv_error', line, message }));
        throw error;
      }
      for (const { line, message } of result.skipped) io.stdout(json ? JSON.stringify({ type: 'csv_error', line, message, skipped: true }) : `· line ${line} skipped: ${message}`);
      io.stdout(json ? JSON.stringify({ type: 'imported', imported: result.imported, skipped: result.skipped.length }) : `Imported ${result.imported} leads into campaign ${first}${result.skipped.length ? `; ${result.skipped.length} rows skipped (above)` : ''}.`);
      return 0;
    }
    case 'allow': {
      if (!second) throw new CallcueError('usage', `Whose PCs? Usage: callcue ${USAGE}`);
      const roles = await withTeam(target, (client) => allowPcs(client, campaignId(first), second.split(',').map((n) => n.trim())));
      io.stdout(`Campaign ${first}: ${roles.join(', ')} may work it.`);
      return 0;
    }
    case 'start':
    case 'resume':
    case 'pause':
    case 'stop': {
      const state = action === 'pause' ? 'paused' : action === 'stop' ? 'stopped' : 'running';
      await withTeam(target, (client) => setCampaignState(client, campaignId(first), state));
      io.stdout(`Campaign ${first} is ${state} for every PC${state === 'stopped' ? ' (for good; calls in progress finish)' : ''}.`);
      return 0;
    }
    case 'report': {
      const report = await withTeam(target, (client) => campaignReport(client, campaignId(first)));
      io.stdout(json ? JSON.stringify(report) : reportLines(report).join('\n'));
      return 0;
    }
    default:
      throw new CallcueError('usage', `${action ? `Unknown campaign action "${action}".` : 'Which campaign action?'} Usage: callcue ${USAGE}`);
  }
}

/**
 * `callcue team` with `campaign` added: the team command of team.ts, and shared campaigns kept in this file. The
 * campaign actions take up to four words (`campaign import ID FILE`); the others keep their own limit.
 */
export const teamCommand: Command = {
  ...teamBase,
  usage: `${teamBase.usage} | ${USAGE.replace('team ', '')}`,
  options: { ...teamBase.options, plugin: { type: 'string' }, lang: { type: 'string' }, window: { type: 'string' }, 'region-window': { type: 'string' }, 'max-attempts': { type: 'string' }, backoff: { type: 'string' }, 'abandon-limit': { type: 'string' }, until: { type: 'string' }, strict: { type: 'boolean' }, json: { type: 'boolean' } },
  maxArgs: 4,
  run(ctx) {
    if (ctx.args[0] === 'campaign') return runCampaign(ctx);
    if (ctx.args.length > (teamBase.maxArgs ?? 0)) throw new CallcueError('usage', `Unexpected argument "${ctx.args.at(-1)}". Usage: callcue ${teamBase.usage}`);
    return teamBase.run(ctx);
  },
};
