import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { E164 } from '../../../preload/contract.ts';
import { CallcueError } from '../../base/errors.ts';
import { removeFromTeamDnc } from '../../team/dnc-list.ts';
import { joinTeam } from '../../team/join.ts';
import {
  addMember,
  checkExtension,
  advertisedHost,
  checkSchema,
  describeTarget,
  formatTeamUrl,
  isLoopback,
  migrateTeam,
  ownTarget,
  parseTeamUrl,
  removeMember,
  roleFor,
  startTeamServer,
  TeamSync,
  TEAM_DATABASE,
  whoAmI,
  withTeam,
  type TeamCredentials,
  type TeamTarget,
} from '../../team/index.ts';
import type { Command, CommandContext } from '../command.ts';
import { wholeNumber } from '../options.ts';

const USAGE =
  'team serve [--port N] [--listen ADDRESS --cert FILE --key FILE] | init [URL] | add-rep NAME [--display TEXT] [--extension EXT] [--host HOST] [--out FILE] | add-manager NAME [...] | remove NAME | join URL|FILE | status | sync [--once] | dnc-remove PHONE --reason TEXT';

/** The team store as its administrator: the URL given, CALLCUE_TEAM_URL, or the embedded server's owner on this PC. */
function adminTarget(env: NodeJS.ProcessEnv, logins: TeamCredentials, url?: string): TeamTarget {
  const given = url ?? env.CALLCUE_TEAM_URL;
  if (given) return parseTeamUrl(given);
  const stored = logins.read('admin');
  if (stored) return stored.target;
  throw new CallcueError('team_not_set_up', 'No team store here: run callcue team serve on this PC, or set CALLCUE_TEAM_URL to your server (postgres://ADMIN:PASSWORD@HOST/callcue).');
}


/** `team serve`: the embedded PostgreSQL in the data folder, until Ctrl+C or SIGTERM. */
async function serve({ core, io, options }: CommandContext): Promise<number> {
  const port = wholeNumber(options, 'port', { min: 1, max: 65_535 }) ?? 5432;
  const listen = typeof options.listen === 'string' ? options.listen : undefined;
  const [cert, key] = [options.cert, options.key].map((f) => (typeof f === 'string' ? path.resolve(f) : undefined));
  if (Boolean(cert) !== Boolean(key)) throw new CallcueError('usage', '--cert and --key go together: the server certificate and its private key (PEM files).');
  for (const file of [cert, key]) if (file && !fs.existsSync(file)) throw new CallcueError('usage', `${file} does not exist.`);
  const logins = core.teamLogins;
  const dir = path.join(core.paths.dataDir, 'team-db');
  const server = await startTeamServer({
    dir,
    port,
    listen,
    tls: cert && key ? { cert, key } : undefined,
    adminPassword: (fresh) => {
      if (fresh) {
        // Stored before the cluster exists: a cluster whose owner's password nobody has would be lost.
        const password = randomBytes(24).toString('base64url');
        logins.write('admin', formatTeamUrl({ host: '127.0.0.1', port, database: TEAM_DATABASE, user: 'callcue_admin', password, tls: false }));
        return password;
      }
      const stored = logins.read('admin');
      if (!stored) throw new CallcueError('team_admin_missing', `The team store in ${dir} exists but its admin login (${logins.file('admin')}) is missing. Restore it from a backup.`);
      return stored.target.password;
    },
  });
  try {
    logins.write('admin', formatTeamUrl(server.admin));
    await withTeam(server.admin, (client) => migrateTeam(client));
  } catch (error) {
    await server.stop();
    throw error;
  }
  const host = advertisedHost(server.listen);
  io.stdout(`Team store running: PostgreSQL on ${server.listen}:${port}, database ${TEAM_DATABASE} (data in ${dir}).`);
  io.stdout(`Reps connect to: ${formatTeamUrl({ host, port, database: TEAM_DATABASE, user: 'NAME', password: '', tls: isLoopback(host) ? false : {} })}`);
  io.stdout('Give each person a login with callcue team add-rep NAME or add-manager NAME (in another terminal). Ctrl+C stops the server.');
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  io.stdout('Stopping the team store…');
  await server.stop();
  io.stdout('Team store stopped.');
  return 0;
}

/** `team add-rep|add-manager NAME`: a login of their own, shown once or written to a file for their PC. */
async function addPerson({ core, io, options, args }: CommandContext, manager: boolean): Promise<number> {
  const [, name] = args;
  if (!name) throw new CallcueError('usage', `Whose login? callcue team ${manager ? 'add-manager' : 'add-rep'} NAME`);
  roleFor(name);
  // The phone they take warm transfers on: the autopilot's handoff card reaches the person with this extension.
  const extension = typeof options.extension === 'string' ? checkExtension(options.extension) : undefined;
  const out = typeof options.out === 'string' ? path.resolve(options.out) : undefined;
  if (out && fs.existsSync(out)) throw new CallcueError('file_exists', `${out} already exists; choose another --out file.`);
  const admin = adminTarget(io.env, core.teamLogins);
  const { role, password } = await withTeam(admin, (client) => addMember(client, { name, display: typeof options.display === 'string' ? options.display : undefined, manager, extension }));
  const host = typeof options.host === 'string' ? options.host : admin.host;
  const login = formatTeamUrl({ host, port: admin.port, database: admin.database, user: role, password, tls: isLoopback(host) ? false : {} });
  const what = `${manager ? 'Manager' : 'Rep'} ${name} added (database login ${role}${extension ? `, transfers to extension ${extension}` : ''}).`;
  if (out) {
    fs.writeFileSync(out, `${login}\n`, { mode: 0o600, flag: 'wx' });
    io.stdout(`${what} Their login is in ${out}: copy it to their PC, run callcue team join ${path.basename(out)} there, then delete the file.`);
  } else {
    io.stdout(`${what} Their login, shown only this once (hand it over privately):\n  ${login}\nOn their PC: callcue team join '${login}'`);
  }
  return 0;
}

/** `team join URL|FILE`: checks the login against the server, then keeps it sealed on this PC. */
async function join({ core, io, args }: CommandContext): Promise<number> {
  const [, given] = args;
  if (!given) throw new CallcueError('usage', 'Which login? callcue team join URL|FILE (from callcue team add-rep on the manager\'s PC)');
  const fromFile = !/^postgres(ql)?:\/\//.test(given) && fs.existsSync(given);
  const url = fromFile ? fs.readFileSync(given, 'utf8').trim() : given;
  const joined = await joinTeam({ logins: core.teamLogins, store: await core.store(), url });
  io.stdout(`Joined the team store at ${joined.where} as ${joined.name} (${joined.manager ? 'manager' : 'rep'}); the login is kept sealed in ${core.teamLogins.file('login')}.${fromFile ? ` You can delete ${given} now.` : ''}`);
  if (joined.queued) io.stdout(`${joined.queued} records already on this PC are queued for the team store (callcue team sync sends them).`);
  return 0;
}

/** `team sync [--once]`: pushes this PC's outbox; without --once keeps doing so until Ctrl+C. */
async function sync({ core, io, options }: CommandContext): Promise<number> {
  const target = ownTarget(io.env, core.teamLogins);
  const store = await core.store();
  if (!(await store.call('outboxPending', {})).started) throw new CallcueError('team_not_joined', 'This PC has not joined a team store: run callcue team join with the login your manager gave you.');
  const worker = new TeamSync({ store, target });
  if (options.once) {
    try {
      const pushed = await worker.drain();
      io.stdout(`Sent ${pushed} records to ${describeTarget(target)}; the team store is up to date.${worker.rejected ? ` ${worker.rejected} refused by the team store (kept on this PC).` : ''}`);
    } finally {
      await worker.close();
    }
    return 0;
  }
  const stop = new AbortController();
  const interrupt = () => stop.abort();
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  let last = '';
  await worker.run(stop.signal, {
    onState: (s) => {
      const line = s.error ? `${s.state}: ${s.error.message} (again in ${Math.round((s.retryInMs ?? 0) / 1000)} s)` : s.state;
      if (line !== last && s.state !== 'pushing') io.stdout(`team sync: ${line}`);
      last = line;
    },
  });
  process.off('SIGINT', interrupt);
  process.off('SIGTERM', interrupt);
  return 0;
}

/** `team dnc-remove PHONE --reason TEXT`: a manager takes a number off the team's do-not-call list, for every PC. */
async function removeDnc({ core, io, args, options }: CommandContext): Promise<number> {
  const [, phone] = args;
  const reason = typeof options.reason === 'string' ? options.reason.trim() : '';
  if (!phone || !E164.safeParse(phone).success) throw new CallcueError('usage', `Which number? Give it in E.164 (+14155550100). Usage: callcue team dnc-remove PHONE --reason TEXT`);
  if (!reason || reason.length > 200) throw new CallcueError('usage', 'Why may this number be called again? --reason TEXT (1 to 200 characters) goes into the audit with your name.');
  const target = ownTarget(io.env, core.teamLogins);
  const removed = await withTeam(target, (client) => removeFromTeamDnc(client, phone, reason));
  io.stdout(removed ? `${phone} is off the team's do-not-call list (audited: you, now, "${reason}"); every connected PC drops it within seconds.` : `${phone} is not on the team's do-not-call list; nothing changed.`);
  return 0;
}

/** `team status`: who this PC is on the team store and what it can see. */
async function status({ core, io }: CommandContext): Promise<number> {
  const target = ownTarget(io.env, core.teamLogins, true);
  const facts = await withTeam(target, async (client) => {
    const version = await checkSchema(client);
    const me = await whoAmI(client);
    const { rows } = await client.query<{ calls: string; dnc: string }>('SELECT (SELECT count(*) FROM callcue.calls) AS calls, (SELECT count(*) FROM callcue.dnc) AS dnc');
    return { version, me, calls: Number(rows[0]!.calls), dnc: Number(rows[0]!.dnc) };
  });
  io.stdout(
    `Team store ${describeTarget({ ...target, user: '' })} (schema ${facts.version}): connected as ${facts.me.displayName ?? facts.me.role} (${facts.me.manager ? 'manager' : 'rep'}); ${facts.calls} calls visible, ${facts.dnc} numbers on the do-not-call list.`,
  );
  return 0;
}

/** `callcue team ...`: set up and run the team store (PostgreSQL), and give each person their own login. */
export const teamCommand: Command = {
  name: 'team',
  usage: USAGE,
  summary: "Run the team store (PostgreSQL) on the manager's PC, set it up, add and remove people, join it from a rep's PC",
  options: { port: { type: 'string' }, listen: { type: 'string' }, cert: { type: 'string' }, key: { type: 'string' }, display: { type: 'string' }, extension: { type: 'string' }, host: { type: 'string' }, out: { type: 'string' }, once: { type: 'boolean' }, reason: { type: 'string' } },
  maxArgs: 2,
  async run(ctx) {
    const [action, target] = ctx.args;
    switch (action) {
      case 'serve':
        return serve(ctx);
      case 'init': {
        const admin = adminTarget(ctx.io.env, ctx.core.teamLogins, target);
        const { from, to } = await withTeam(admin, (client) => migrateTeam(client));
        ctx.io.stdout(from === to ? `The team store at ${describeTarget(admin)} is up to date (schema ${to}).` : `The team store at ${describeTarget(admin)} is set up: schema ${from} -> ${to}.`);
        return 0;
      }
      case 'add-rep':
        return addPerson(ctx, false);
      case 'add-manager':
        return addPerson(ctx, true);
      case 'remove': {
        if (!target) throw new CallcueError('usage', 'Whose login? callcue team remove NAME');
        roleFor(target);
        const admin = adminTarget(ctx.io.env, ctx.core.teamLogins);
        const { role } = await withTeam(admin, (client) => removeMember(client, target));
        ctx.io.stdout(`${target}'s login (${role}) is removed and their sessions ended; their calls stay in the team's history.`);
        return 0;
      }
      case 'join':
        return join(ctx);
      case 'status':
        return status(ctx);
      case 'sync':
        return sync(ctx);
      case 'dnc-remove':
        return removeDnc(ctx);
      default:
        throw new CallcueError('usage', `${action ? `Unknown team action "${action}".` : 'Which team action?'} Usage: callcue ${USAGE}`);
    }
  },
};
