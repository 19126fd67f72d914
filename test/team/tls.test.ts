import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTeam, parseTeamUrl, startTeamServer, withTeam } from '../../main/team/index.ts';
import { freePort, startTestTeamServer, type TestTeamServer } from '../helpers/postgres.ts';

/**
 * TLS with real certificates (openssl): a company CA that signed the server's certificate for "localhost", and an
 * unrelated self-signed one. The server is the app's embedded PostgreSQL with ssl on.
 */
const certs = fs.mkdtempSync(path.join(os.tmpdir(), 'callcue-certs-'));
const file = (name: string) => path.join(certs, name);
const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
/** This machine's first non-loopback IPv4 address, if it has one: to see the server refuse plain logins from off this PC. */
const lan = Object.values(os.networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

let server: TestTeamServer;
let url: (query: string, user?: string) => string;

beforeAll(async () => {
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=CallCue test CA', '-keyout', file('ca.key'), '-out', file('ca.pem'));
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-keyout', file('server.key'), '-out', file('server.csr'));
  fs.writeFileSync(file('san.ext'), 'subjectAltName=DNS:localhost\n');
  openssl('x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-days', '2', '-extfile', file('san.ext'), '-out', file('server.crt'));
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=someone else', '-keyout', file('other.key'), '-out', file('other.pem'));
  server = await startTestTeamServer({ listen: lan ? `127.0.0.1,${lan}` : '127.0.0.1', tls: { cert: file('server.crt'), key: file('server.key') } });
  url = (query, user = 'callcue_admin:admin-test-password') => `postgres://${user}@localhost:${server.port}/callcue?${query}`;
});

afterAll(async () => {
  await server?.stop();
  fs.rmSync(certs, { recursive: true, force: true });
});

describe('the team store over TLS', () => {
  it('connects when the certificate is signed by the CA given and issued for the host name', async () => {
    const ssl = await withTeam(parseTeamUrl(url(`sslmode=verify-full&sslrootcert=${file('ca.pem')}`)), async (c) => (await c.query('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()')).rows[0]);
    expect(ssl).toEqual({ ssl: true });
  });

  it('refuses a server whose certificate this PC does not trust, or that is for another name', async () => {
    await expect(connectTeam(parseTeamUrl(url('sslmode=verify-full')))).rejects.toMatchObject({ code: 'team_tls_untrusted', message: expect.stringMatching(/showed a certificate this PC does not trust \((SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|UNABLE_TO_VERIFY_LEAF_SIGNATURE)/) });
    await expect(connectTeam(parseTeamUrl(url(`sslmode=verify-full&sslrootcert=${file('other.pem')}`)))).rejects.toMatchObject({ code: 'team_tls_untrusted' });
    // The same server by its IP address: the certificate names localhost only.
    const byIp = parseTeamUrl(url(`sslmode=require&sslrootcert=${file('ca.pem')}`).replace('@localhost:', '@127.0.0.1:'));
    await expect(connectTeam(byIp)).rejects.toMatchObject({ code: 'team_tls_untrusted', message: expect.stringMatching(/ERR_TLS_CERT_ALTNAME_INVALID/) });
  });

  it('says so when the password is wrong', async () => {
    const wrong = url(`sslmode=verify-full&sslrootcert=${file('ca.pem')}`, 'callcue_admin:not-the-password');
    await expect(connectTeam(parseTeamUrl(wrong))).rejects.toMatchObject({ code: 'team_auth_failed', retryable: false, message: expect.stringMatching(/refused this login: wrong name or password/) });
  });

  it('never sends a login off this PC without TLS', async () => {
    expect(() => parseTeamUrl('postgres://cc_ann:pw@team.example.com/callcue?sslmode=disable')).toThrow(expect.objectContaining({ code: 'team_tls_required' }));
    expect(() => parseTeamUrl('postgres://cc_ann:pw@10.1.2.3/callcue?sslmode=prefer')).toThrow(/only over TLS with a verified certificate; remove sslmode=prefer/);
    await expect(startTeamServer({ dir: path.join(certs, 'never'), port: await freePort(), listen: '0.0.0.0', adminPassword: () => 'x' })).rejects.toMatchObject({ code: 'team_tls_required' });
    expect(fs.existsSync(path.join(certs, 'never'))).toBe(false);
  });

  it.skipIf(!lan)('the server itself refuses a plain login from another address', async () => {
    // pg directly, without our URL rules: only pg_hba.conf stands between this login and the server.
    const plain = new pg.Client({ host: lan, port: server.port, user: 'callcue_admin', password: 'admin-test-password', database: 'callcue', ssl: false });
    await expect(plain.connect()).rejects.toMatchObject({ code: '28000', message: expect.stringMatching(/no encryption/) });
  });

  it('says the server is gone, as something to retry, once it stops', async () => {
    const target = parseTeamUrl(url(`sslmode=verify-full&sslrootcert=${file('ca.pem')}`));
    const open = await connectTeam(target);
    await server.stop();
    await expect(withTeam(target, async () => undefined)).rejects.toMatchObject({ code: 'team_unreachable', retryable: true });
    await expect(open.query('SELECT 1')).rejects.toThrow();
    await open.end().catch(() => undefined);
    server = undefined as never;
  });
});
