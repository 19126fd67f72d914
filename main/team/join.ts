import { withTeam } from './client.ts';
import type { TeamCredentials } from './credentials.ts';
import { whoAmI } from './members.ts';
import { checkSchema } from './migrate.ts';
import { describeTarget, parseTeamUrl } from './url.ts';

/** Who joined, where, and how many records already on this PC are queued for the team store. */
export interface Joined {
  name: string;
  manager: boolean;
  where: string;
  queued: number;
}

/**
 * This PC joins a team with the login line a manager gave (callcue team add-rep): the line is tried first (address,
 * TLS, password, schema), then sealed here, and the outbox started so every call, and this PC's history so far,
 * goes to the team store. A line that does not work changes nothing.
 */
export async function joinTeam(o: { logins: TeamCredentials; store: { call(op: 'startOutbox', a: Record<string, never>): Promise<number> }; url: string }): Promise<Joined> {
  const target = parseTeamUrl(o.url);
  const me = await withTeam(target, async (client) => {
    await checkSchema(client);
    return whoAmI(client);
  });
  o.logins.write('login', o.url.trim());
  const queued = await o.store.call('startOutbox', {});
  return { name: me.displayName ?? me.role, manager: me.manager, where: describeTarget({ ...target, user: '' }), queued };
}
