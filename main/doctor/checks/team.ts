import type { Check } from '../check.ts';
import { msg } from '../check.ts';
import { teamErrorKey } from '../../team/errors.ts';

/**
 * This PC's link to the team store: not on a team (fine), connected (with what is still to send), or not reaching
 * it (calls still store here; the autopilot waits once the do-not-call list is older than its limit).
 */
export const teamCheck: Check = async (ctx) => {
  const s = ctx.team?.();
  if (!s?.joined) return { id: 'team', status: 'ok', found: 'not on a team', foundMessage: msg('doctor.found.teamNone'), details: { joined: false } };
  const details = { ...s };
  const pending = String(s.pending);
  if (s.connected && !s.dncStale) return { id: 'team', status: 'ok', found: `connected; ${pending} records to send`, foundMessage: msg('doctor.found.teamConnected', { pending }), details };
  const code = s.error ?? 'team_unreachable';
  const minutes = String(Math.round((s.staleAfterMs / 60_000) * 100) / 100);
  return {
    id: 'team',
    status: 'warn',
    found: `not connected (${code}); ${pending} records waiting${s.dncStale ? '; do-not-call list out of date, the autopilot waits' : ''}`,
    foundMessage: s.dncStale ? msg('doctor.found.teamStale', { pending, minutes }) : msg('doctor.found.teamOffline', { pending }),
    hint: msg(teamErrorKey(code)),
    details,
  };
};
