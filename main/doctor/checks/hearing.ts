import { appHealth, UNHEARD_LIMIT } from '../../asr/health.ts';
import type { Check } from '../check.ts';
import { msg } from '../check.ts';

/** Seed 6.1: the share of the customer's turns that came back without words in the last hour, alerted above 5%. */
export const hearingCheck: Check = async () => {
  const r = appHealth.report();
  const details = { ...r, limit: UNHEARD_LIMIT, windowMinutes: 60 };
  if (r.turns === 0) return { id: 'hearing', status: 'ok', found: 'no customer turns in the last hour', foundMessage: msg('doctor.found.hearingIdle'), details };
  const vars = { unheard: String(r.unheard), turns: String(r.turns), percent: String(Math.round(r.share * 100)), failed: String(r.failed), unclear: String(r.unclear), merged: String(r.merged) };
  const found = `${r.unheard} of ${r.turns} customer turns in the last hour without words (failed ${r.failed}, unclear ${r.unclear}); ${r.merged} merged into the next to catch up`;
  return r.alert
    ? { id: 'hearing', status: 'warn', found, foundMessage: msg('doctor.found.hearing', vars), hint: msg('doctor.hint.hearing'), details }
    : { id: 'hearing', status: 'ok', found, foundMessage: msg('doctor.found.hearing', vars), details };
};
