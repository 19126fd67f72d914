import { createHash, randomBytes } from 'node:crypto';
import { CallcueError } from '../../base/errors.ts';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

/** The fields of a WWW-Authenticate / Proxy-Authenticate challenge. */
export function parseChallenge(value: string): Record<string, string> {
  if (!/^Digest\s/i.test(value)) throw new CallcueError('sip_auth_unsupported', `The SIP server asks for an authentication scheme CallCue does not speak: ${value.split(' ')[0]}.`);
  const fields: Record<string, string> = {};
  for (const [, key, quoted, bare] of value.slice(7).matchAll(/([a-z-]+)\s*=\s*(?:"([^"]*)"|([^,\s]+))/gi)) fields[key!.toLowerCase()] = quoted ?? bare!;
  return fields;
}

/** RFC 2617/8760 digest answer (MD5, with qop=auth when offered) for one request. */
export function digestAuthorization(o: { challenge: string; method: string; uri: string; username: string; password: string; nc?: number; cnonce?: string }): string {
  const c = parseChallenge(o.challenge);
  if (c.algorithm && c.algorithm.toUpperCase() !== 'MD5') throw new CallcueError('sip_auth_unsupported', `The SIP server wants digest algorithm ${c.algorithm}; CallCue speaks MD5.`);
  const ha1 = md5(`${o.username}:${c.realm}:${o.password}`);
  const ha2 = md5(`${o.method}:${o.uri}`);
  const qop = c.qop?.split(',').map((q) => q.trim()).includes('auth') ? 'auth' : undefined;
  const nc = (o.nc ?? 1).toString(16).padStart(8, '0');
  const cnonce = o.cnonce ?? randomBytes(8).toString('hex');
  const response = qop ? md5(`${ha1}:${c.nonce}:${nc}:${cnonce}:${qop}:${ha2}`) : md5(`${ha1}:${c.nonce}:${ha2}`);
  const parts = [`username="${o.username}"`, `realm="${c.realm}"`, `nonce="${c.nonce}"`, `uri="${o.uri}"`, `response="${response}"`, 'algorithm=MD5'];
  if (c.opaque !== undefined) parts.push(`opaque="${c.opaque}"`);
  if (qop) parts.push(`qop=${qop}`, `nc=${nc}`, `cnonce="${cnonce}"`);
  return `Digest ${parts.join(', ')}`;
}
