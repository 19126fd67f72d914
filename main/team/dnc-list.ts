import type { TeamClient } from './client.ts';
import { requireManager } from './members.ts';

/**
 * A manager takes a number off the team's do-not-call list, with the reason: remove_dnc (migration 002) writes the
 * audit row (who, when, why) and refuses anyone else, as the database does; every PC drops its copy within seconds
 * (migration 005). Answers whether the number was on the list.
 */
export async function removeFromTeamDnc(client: TeamClient, phone: string, reason: string): Promise<boolean> {
  await requireManager(client, "Taking a number off the team's do-not-call list");
  const { rows } = await client.query<{ removed: boolean }>('SELECT callcue.remove_dnc($1, $2) AS removed', [phone, reason]);
  return rows[0]!.removed;
}
