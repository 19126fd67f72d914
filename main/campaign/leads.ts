import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { CallcueError } from '../core/errors.ts';
import { checkTimeZone } from '../export/range.ts';

/** Countries with one time zone, for leads that give a region instead of a zone. */
const REGION_ZONES: Record<string, string> = {
  CN: 'Asia/Shanghai', HK: 'Asia/Hong_Kong', MO: 'Asia/Macau', TW: 'Asia/Taipei', SG: 'Asia/Singapore', MY: 'Asia/Kuala_Lumpur', JP: 'Asia/Tokyo', KR: 'Asia/Seoul',
  PH: 'Asia/Manila', TH: 'Asia/Bangkok', VN: 'Asia/Ho_Chi_Minh', IN: 'Asia/Kolkata', AE: 'Asia/Dubai', GB: 'Europe/London', IE: 'Europe/Dublin', DE: 'Europe/Berlin',
  FR: 'Europe/Paris', ES: 'Europe/Madrid', IT: 'Europe/Rome', NL: 'Europe/Amsterdam', NZ: 'Pacific/Auckland',
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

/**
 * A lead list from CSV (UTF-8, BOM allowed; header row: name, phone, timezone and/or region, language, plugin,
 * consent_source, consent_date). Every row is checked; any bad row rejects the whole file with every problem by
 * line number, so nothing is half-imported.
 */
export function parseLeads(text: string, options: { plugins: string[]; now?: number }): Lead[] {
  let records: Record<string, string>[];
  try {
    records = parse(text, { bom: true, columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, relax_column_count: false });
  } catch (error) {
    throw new CallcueError('leads_invalid', `The lead list is not valid CSV: ${(error as Error).message}`);
  }
  const columns = Object.keys(records[0] ?? {});
  const missing = REQUIRED.filter((c) => !columns.includes(c));
  if (records.length && (missing.length || (!columns.includes('timezone') && !columns.includes('region')))) {
    throw new CallcueError('leads_invalid', `The lead list lacks columns: ${[...missing, ...(columns.includes('timezone') || columns.includes('region') ? [] : ['timezone or region'])].join(', ')}.`);
  }
  const errors: string[] = [];
  const seen = new Map<string, number>();
  const leads: Lead[] = [];
  const today = new Date(options.now ?? Date.now()).toISOString().slice(0, 10);
  for (const [i, record] of records.entries()) {
    const line = i + 2; // the header is line 1
    const parsed = Row.safeParse(record);
    if (!parsed.success) {
      errors.push(`line ${line}: ${parsed.error.issues.map((e) => e.message).join('; ')}`);
      continue;
    }
    const r = parsed.data;
    const problems: string[] = [];
    let timeZone = '';
    try {
      timeZone = r.timezone ? checkTimeZone(r.timezone) : (REGION_ZONES[(r.region ?? '').split('-')[0]!] ?? '');
    } catch (error) {
      problems.push((error as Error).message.replace(/\.$/, ''));
    }
    if (!timeZone && !problems.length) problems.push(r.region ? `region ${r.region} spans several time zones: give timezone` : 'timezone or region is needed');
    if (!options.plugins.includes(r.plugin)) problems.push(`unknown plugin "${r.plugin}" (${options.plugins.join(', ')})`);
    if (r.consent_date > today) problems.push(`consent_date ${r.consent_date} is in the future`);
    if (seen.has(r.phone)) problems.push(`${r.phone} is already on line ${seen.get(r.phone)}`);
    seen.set(r.phone, line);
    if (problems.length) errors.push(`line ${line}: ${problems.join('; ')}`);
    else leads.push({ line, name: r.name, phone: r.phone, timeZone, region: r.region || null, language: r.language === 'en' ? 'en' : 'zh-CN', plugin: r.plugin, consentSource: r.consent_source, consentDate: r.consent_date });
  }
  if (errors.length) throw new LeadErrors(errors);
  return leads;
}

/** Every bad row of a lead list; its message is one line (the first rows), `rows` has them all. */
export class LeadErrors extends CallcueError {
  readonly rows: string[];
  constructor(rows: string[]) {
    super('leads_invalid', `The lead list has ${rows.length} bad row${rows.length > 1 ? 's' : ''}, nothing was imported: ${rows.slice(0, 3).join(' | ')}${rows.length > 3 ? ` | … ${rows.length - 3} more` : ''}`);
    this.rows = rows;
  }
}

/** A do-not-call file: one E.164 number per line (or the first column of a CSV); other lines are reported. */
export function parseDoNotCall(text: string): string[] {
  const numbers: string[] = [];
  const bad: string[] = [];
  for (const [i, raw] of text.replace(/^\uFEFF/, '').split(/\r?\n/).entries()) {
    const value = raw.split(',')[0]!.trim().replace(/[\s()-]/g, '');
    if (!value || (i === 0 && /^phone$/i.test(value))) continue;
    if (/^\+[1-9]\d{6,14}$/.test(value)) numbers.push(value);
    else bad.push(`line ${i + 1}: "${raw.trim().slice(0, 40)}" is not an E.164 number`);
  }
  if (bad.length) throw new CallcueError('dnc_invalid', `The do-not-call list has ${bad.length} bad line${bad.length > 1 ? 's' : ''}, nothing was imported: ${bad.slice(0, 3).join(' | ')}`);
  return numbers;
}
