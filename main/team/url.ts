import fs from 'node:fs';
import net from 'node:net';
import type { ClientConfig } from 'pg';
import { CallcueError } from '../base/errors.ts';
import { teamErrorKey } from './errors.ts';

/** A bad address, keyed for the page and about the field it was typed in. */
const badUrl = (code: string, message: string, cause?: unknown) => new CallcueError(code, message, { key: teamErrorKey(code), field: 'url', cause });

/** Where a team store is and who connects to it, as read from a `postgres://` URL. */
export interface TeamTarget {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  /** Verify-full TLS (and the CA file it trusts, default the system's), or plain TCP on loopback. */
  tls: { ca?: string } | false;
}

const LOOPBACK_NAMES = new Set(['localhost', 'localhost.']);

/** 127.0.0.0/8, ::1 and localhost: traffic that never leaves this PC. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (LOOPBACK_NAMES.has(bare.toLowerCase())) return true;
  if (net.isIPv4(bare)) return bare.startsWith('127.');
  return net.isIPv6(bare) && (bare === '::1' || /^::ffff:127\./i.test(bare));
}

/**
 * Reads `postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=...&sslrootcert=FILE`. Off loopback TLS is required and
 * the server's certificate verified against the CA (sslrootcert) or the system's roots: a login sent in the clear, or
 * to whoever answers, is a login given away. We read the URL ourselves rather than hand it to pg, whose sslmode
 * meanings have changed between versions; pg gets an explicit config.
 */
export function parseTeamUrl(text: string): TeamTarget {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw badUrl('team_url_invalid', 'The team store address must look like postgres://NAME:PASSWORD@HOST:5432/callcue.');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') throw badUrl('team_url_invalid', `The team store address must start with postgres://, not ${url.protocol}//.`);
  if (!url.hostname) throw badUrl('team_url_invalid', 'The team store address has no host name.');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port ? Number(url.port) : 5432;
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'callcue';
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  const sslmode = url.searchParams.get('sslmode') ?? (isLoopback(host) ? 'disable' : 'verify-full');
  const rootcert = url.searchParams.get('sslrootcert') ?? undefined;
  const where = `${host}:${port}`;
  if (!['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'].includes(sslmode)) throw badUrl('team_url_invalid', `sslmode=${sslmode} is not a PostgreSQL sslmode; use verify-full.`);
  const plain = sslmode === 'disable' || sslmode === 'allow' || sslmode === 'prefer';
  if (plain && !isLoopback(host)) {
    throw badUrl('team_tls_required', `The team store at ${where} is not on this PC, so CallCue connects to it only over TLS with a verified certificate; remove sslmode=${sslmode} from the address (or set sslmode=verify-full).`);
  }
  let ca: string | undefined;
  if (rootcert) {
    try {
      ca = fs.readFileSync(rootcert, 'utf8');
    } catch (error) {
      throw badUrl('team_ca_missing', `The certificate file ${rootcert} named by sslrootcert cannot be read (${(error as Error).message}).`, error);
    }
  }
  // require and verify-ca are taken as verify-full: a certificate for another name is not the team's server.
  return { host, port, database, user, password, tls: plain ? false : { ca } };
}

/** The address without the password, for messages and logs. */
export function describeTarget(target: TeamTarget): string {
  return `${target.user ? `${target.user}@` : ''}${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}/${target.database}`;
}

/** The address as a URL (the login a rep's PC keeps, the line `team serve` prints). */
export function formatTeamUrl(target: TeamTarget): string {
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  const auth = target.user ? `${encodeURIComponent(target.user)}${target.password ? `:${encodeURIComponent(target.password)}` : ''}@` : '';
  const params = new URLSearchParams();
  if (target.tls) params.set('sslmode', 'verify-full');
  const query = params.size ? `?${params.toString()}` : '';
  return `postgres://${auth}${host}:${target.port}/${encodeURIComponent(target.database)}${query}`;
}

/** pg's client config: TLS verified (rejectUnauthorized; pg has Node check the certificate against the host name or IP), never a connection string. */
export function clientConfig(target: TeamTarget): ClientConfig {
  return {
    host: target.host,
    port: target.port,
    database: target.database,
    user: target.user,
    password: target.password,
    ssl: target.tls ? { rejectUnauthorized: true, ...(target.tls.ca ? { ca: target.tls.ca } : {}) } : false,
    connectionTimeoutMillis: 10_000,
    application_name: 'callcue',
  };
}
