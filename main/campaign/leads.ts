import { z } from 'zod';
import { CallcueError } from '../base/errors.ts';
import { checkTimeZone } from '../base/time.ts';
import { csvRecords, detectDelimiter, utf8Bytes } from './csv-records.ts';

/** Countries with one time zone, for leads that give a region instead of a zone. */
const REGION_ZONES: Record<string, string> = {
  CN: 'Asia/Shanghai', HK: 'Asia/Hong_Kong', MO: 'Asia/Macau', TW: 'Asia/Taipei', SG: 'Asia/Singapore', MY: 'Asia/Kuala_Lumpur', JP: 'Asia/Tokyo', KR: 'Asia/Seoul',
  PH: 'Asia/Manila', TH: 'Asia/Bangkok', VN: 'Asia/Ho_Chi_Minh', IN: 'Asia/Kolkata', AE: 'Asia/Dubai', GB: 'Europe/London', IE: 'Europe/Dublin', DE: 'Europe/Berlin',
  FR: 'Europe/Paris', ES: 'Europe/Madrid', IT: 'Europe/Rome', NL: 'Europe/Amsterdam', NZ: 'Pacific/Auckland',
};

/** Header names as Chinese lists (and hand-made English ones) spell them; matched after trimming and lower-casing. */
const ALIASES: Record<string, string> = {
  姓名: 'name', 名字: 'name', 客户姓名: 'name',
  电话: 'phone', 手机: 'phone', 手机号: 'phone', 手机号码: 'phone', 电话号码: 'phone',
  时区: 'timezone', time_zone: 'timezone',
  地区: 'region', 国家或地区: 'region',
  语言: 'language',
  业务线: 'plugin',
  同意来源: 'consent_source', 授权来源: 'consent_source',
  同意日期: 'consent_date', 授权日期: 'consent_date',
};

export interface Lead {
  line: number;
  name: string;
  phone: string;
  timeZone: string;
  /** Region code for per-region calling windows (country, or country-subdivision such as US-CA). */
  region: string | null;
  language: 'en' | 'zh-CN';
  plugin: string;
  consentSource: string;
  consentDate: string;
}

/** One reason a row is not imported: in English (`text`, for the CLI and logs) and keyed for the app's pages. */
interface Reason {
  text: string;
  key: string;
  vars?: Record<string, string>;
}
const reason = (key: string, text: string, vars?: Record<string, string>): Reason => ({ text, key: `campaign.rowError.${key}`, ...(vars && { vars }) });

/** A row that is not imported: where it starts in the file and why (`message`: the reasons in English). */
export interface BadRow {
  line: number;
  message: string;
  reasons: { key: string; vars?: Record<string, string> }[];
}
const badRow = (line: number, reasons: Reason[]): BadRow => ({ line, message: reasons.map((r) => r.text).join('; '), reasons: reasons.map(({ key, vars }) => ({ key, ...(vars && { vars }) })) });

export interface LeadList {
  leads: Lead[];
  /** Rows left out of a lenient import, each with its reason; the leads are still called. */
  skipped: BadRow[];
}

const Row = z.object({
  name: z.string().trim().min(1, 'name is empty').max(200),
  phone: z.string().trim().regex(/^\+[1-9]\d{6,14}$/, 'phone must be E.164, like +8613812345678'),
  timezone: z.string().trim().optional(),
  region: z.string().trim().toUpperCase().regex(/^([A-Z]{2}(-[A-Z0-9]{1,3})?)?$/, 'region must be a country code like CN or US-CA').optional(),
  language: z.enum(['en', 'zh', 'zh-CN'], { message: 'language must be en or zh' }),
  plugin: z.string().trim().regex(/^[a-z][a-z0-9_-]{0,40}$/, 'plugin must be a business-line id like insurance'),
  consent_source: z.string().trim().min(1, 'consent_source is empty: no call without recorded consent').max(200),
  consent_date: z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, 'consent_date must be a date like 2026-11-01'),
});

const REQUIRED = ['name', 'phone', 'language', 'plugin', 'consent_source', 'consent_date'];

/** Which field holds which column, from the header row; a missing or doubled column is an error for the whole file. */
function columnsOf(header: string[]): Map<string, number> {
  const columns = new Map<string, number>();
  for (const [i, raw] of header.entries()) {
    const key = raw.trim().toLowerCase().replace(/[\s-]+/g, '_');
    const name = ALIASES[key] ?? key;
    if (columns.has(name)) {
      const both = `"${header[columns.get(name)!]!.trim()}", "${raw.trim()}"`;
      throw new CallcueError('leads_columns', `The lead list has the column ${name} twice (${both}).`, { key: 'campaign.importError.twice', vars: { column: name, both } });
    }
    columns.set(name, i);
  }
  const missing = [...REQUIRED.filter((c) => !columns.has(c)), ...(columns.has('timezone') || columns.has('region') ? [] : ['timezone or region'])];
  if (missing.length) throw new CallcueError('leads_columns', `The lead list lacks columns: ${missing.join(', ')}.`, { key: 'campaign.importError.columns', vars: { columns: missing.join(', ').replace(' or ', '/') } });
  return columns;
}

/** Checks one row at a time. Each time zone name is checked once: a new Intl.DateTimeFormat per row was most of 62 s for 100,000 rows. */
function rowChecker(options: { plugins: string[]; now?: number }) {
  const zones = new Map<string, { zone: string } | { problem: Reason }>();
  const zoneOf = (name: string) => {
    let known = zones.get(name);
    if (!known) {
      try {
        known = { zone: checkTimeZone(name) };
      } catch (error) {
        known = { problem: reason('timezone', (error as Error).message.replace(/\.$/, ''), { zone: name }) };
      }
      zones.set(name, known);
    }
    return known;
  };
  const seen = new Map<string, number>();
  const today = new Date(options.now ?? Date.now()).toISOString().slice(0, 10);
  return (record: Record<string, string>, line: number): Lead | Reason[] => {
    const parsed = Row.safeParse(record);
    // One key per column (`campaign.rowError.phone`): the schema's messages above are the English of each.
    if (!parsed.success) return parsed.error.issues.map((e) => reason(String(e.path[0]), e.message));
    const r = parsed.data;
    const problems: Reason[] = [];
    const zone = r.timezone ? zoneOf(r.timezone) : { zone: REGION_ZONES[(r.region ?? '').split('-')[0]!] ?? '' };
    if ('problem' in zone) problems.push(zone.problem);
    else if (!zone.zone) problems.push(r.region ? reason('regionZones', `region ${r.region} spans several time zones: give timezone`, { region: r.region }) : reason('noZone', 'timezone or region is needed'));
    if (!options.plugins.includes(r.plugin)) problems.push(reason('unknownPlugin', `unknown plugin "${r.plugin}" (${options.plugins.join(', ')})`, { plugin: r.plugin, known: options.plugins.join(', ') }));
    if (r.consent_date > today) problems.push(reason('futureConsent', `consent_date ${r.consent_date} is in the future`, { date: r.consent_date }));
    if (seen.has(r.phone)) problems.push(reason('duplicate', `${r.phone} is already on line ${seen.get(r.phone)}`, { phone: r.phone, line: String(seen.get(r.phone)) }));
    else seen.set(r.phone, line);
    if (problems.length) return problems;
    const timeZone = (zone as { zone: string }).zone;
    return { line, name: r.name, phone: r.phone, timeZone, region: r.region || null, language: r.language === 'en' ? 'en' : 'zh-CN', plugin: r.plugin, consentSource: r.consent_source, consentDate: r.consent_date };
  };
}

/**
 * A lead list from a CSV file's bytes (UTF-8 with or without BOM, or UTF-16 with BOM; comma, semicolon or tab; header
 * row: name, phone, timezone and/or region, language, plugin, consent_source, consent_date, or their Chinese names).
 * Every row is checked and reported by the line it starts on. Lenient (default): the good rows are the leads, each
 * bad one is skipped with its reason. `strict`: any bad row rejects the whole list, so nothing is half-imported.
 * A list with no good row at all is rejected either way, with every reason.
 */
export async function parseLeads(file: Uint8Array | string, options: { plugins: string[]; now?: number; strict?: boolean }): Promise<LeadList> {
  const utf8 = utf8Bytes(file, 'lead list');
  const check = rowChecker(options);
  const leads: Lead[] = [];
  const skipped: BadRow[] = [];
  const delimiter = detectDelimiter(utf8);
  let columns: [string, number][] | undefined;
  let width = 0;
  await csvRecords(
    utf8,
    delimiter,
    (fields, line) => {
      if (!columns) {
        columns = [...columnsOf(fields)];
        width = fields.length;
        return;
      }
      // Empty values past the header's last column are harmless (spreadsheets add them); others mean shifted columns.
      if (fields.length < width || fields.slice(width).some((f) => f.trim())) {
        const counts = { values: String(fields.length), width: String(width) };
        const unquoted = fields.length > width;
        const hint = unquoted ? ` (is a value with "${delimiter === '\t' ? 'tab' : delimiter}" in it not in quotes?)` : '';
        skipped.push(badRow(line, [reason(unquoted ? 'tooManyValues' : 'tooFewValues', `${fields.length} values where the header has ${width}${hint}`, counts)]));
        return;
      }
      const row: Record<string, string> = {};
      for (const [name, i] of columns) row[name] = fields[i]!;
      const lead = check(row, line);
      if (Array.isArray(lead)) skipped.push(badRow(line, lead));
      else leads.push(lead);
    },
    'lead list',
  );
  if (!leads.length && !skipped.length) throw new CallcueError('leads_empty', 'The lead list has no leads: the file is empty or has only its header row.', { key: 'campaign.importError.empty' });
  if (skipped.length && (options.strict || !leads.length)) throw new LeadErrors(skipped);
  return { leads, skipped };
}

/** Every bad row of a rejected lead list; its message is one line (the first rows), `rows` has them all. */
export class LeadErrors extends CallcueError {
  readonly rows: BadRow[];
  constructor(rows: BadRow[]) {
    const first = rows.slice(0, 3).map((r) => `line ${r.line}: ${r.message}`);
    super('leads_invalid', `The lead list has ${rows.length} bad row${rows.length > 1 ? 's' : ''}, nothing was imported: ${first.join(' | ')}${rows.length > 3 ? ` | … ${rows.length - 3} more` : ''}`);
    this.rows = rows;
  }
}

/** A do-not-call file: one E.164 number per line (or the first column of a CSV); other lines are reported. */
export function parseDoNotCall(text: string): string[] {
  const numbers: string[] = [];
  const bad: { line: number; text: string }[] = [];
  for (const [i, raw] of text.replace(/^\uFEFF/, '').split(/\r?\n/).entries()) {
    const value = raw.split(',')[0]!.trim().replace(/[\s()-]/g, '');
    if (!value || (i === 0 && /^(phone|电话)$/i.test(value))) continue;
    if (/^\+[1-9]\d{6,14}$/.test(value)) numbers.push(value);
    else bad.push({ line: i + 1, text: `line ${i + 1}: "${raw.trim().slice(0, 40)}" is not an E.164 number` });
  }
  if (bad.length) {
    const lines = bad.slice(0, 10).map((b) => b.line).join(', ') + (bad.length > 10 ? ', …' : '');
    throw new CallcueError('dnc_invalid', `The do-not-call list has ${bad.length} bad line${bad.length > 1 ? 's' : ''}, nothing was imported: ${bad.slice(0, 3).map((b) => b.text).join(' | ')}`, { key: 'campaign.dnc.badLines', vars: { lines } });
  }
  // An empty file is a mistake to point out, not "0 added".
  if (!numbers.length) throw new CallcueError('dnc_empty', 'The do-not-call file has no numbers.', { key: 'campaign.dnc.empty' });
  return numbers;
}
