import fs from 'node:fs';
import path from 'node:path';
import { CallcueError } from '../base/errors.ts';
import { writeWhole, type Sealer } from '../store/index.ts';
import { parseTeamUrl, type TeamTarget } from './url.ts';

/**
 * The team store logins this PC keeps, sealed like the local store's key (a 0600 file headless, the OS keychain in
 * the app): `login` is this person's own (callcue team join), `admin` the embedded server's owner on the manager's
 * PC (callcue team serve). Never a shared superuser on a rep's PC.
 */
export type TeamSlot = 'login' | 'admin';

export interface TeamCredentials {
  /** The stored login, or undefined when there is none. */
  read(slot: TeamSlot): { url: string; target: TeamTarget } | undefined;
  /** Stores a login whole (temp file, fsync, rename), replacing the one before. */
  write(slot: TeamSlot, url: string): void;
  file(slot: TeamSlot): string;
}

export function teamCredentials(dataDir: string, sealer: Sealer): TeamCredentials {
  const file = (slot: TeamSlot) => path.join(dataDir, `team-${slot}.url${sealer.suffix}`);
  return {
    file,
    read(slot) {
      const at = file(slot);
      if (!fs.existsSync(at)) return undefined;
      let url: string;
      try {
        url = sealer.open(fs.readFileSync(at)).trim();
      } catch (error) {
        throw new CallcueError('team_login_unreadable', `The team store login ${at} cannot be read (${(error as Error).message}). Join the team again (callcue team join).`, { cause: error });
      }
      return { url, target: parseTeamUrl(url) };
    },
    write(slot, url) {
      parseTeamUrl(url);
      try {
        writeWhole(file(slot), sealer.seal(url), { replace: true });
      } catch (error) {
        throw new CallcueError('team_login_write', `The team store login ${file(slot)} could not be written (${(error as Error).message}).`, { cause: error });
      }
    },
  };
}

/** A PC that never joined a team, asked for something only a team has. */
export const notJoined = () => new CallcueError('team_not_joined', 'This PC has not joined a team store: run callcue team join with the login your manager gave you.');

/**
 * This person's own login: CALLCUE_TEAM_URL or the one `team join` stored; for looking only (`status`, the team's
 * reports), also the admin's on the manager's PC. Calls are never pushed as the admin: they belong to a person.
 */
export function ownTarget(env: NodeJS.ProcessEnv, logins: TeamCredentials, orAdmin = false): TeamTarget {
  if (env.CALLCUE_TEAM_URL) return parseTeamUrl(env.CALLCUE_TEAM_URL);
  const stored = logins.read('login') ?? (orAdmin ? logins.read('admin') : undefined);
  if (stored) return stored.target;
  throw notJoined();
}
