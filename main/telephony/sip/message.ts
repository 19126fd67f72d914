import { CallcueError } from '../../base/errors.ts';

/** A SIP request or response (RFC 3261): start line, headers (names lower-cased, in order), body. */
export interface SipMessage {
  method?: string;
  uri?: string;
  status?: number;
  reason?: string;
  headers: [name: string, value: string][];
  body: string;
}

const COMPACT: Record<string, string> = { v: 'via', f: 'from', t: 'to', i: 'call-id', m: 'contact', l: 'content-length', c: 'content-type', k: 'supported', e: 'content-encoding', s: 'subject' };
const CANONICAL: Record<string, string> = { 'call-id': 'Call-ID', cseq: 'CSeq', 'www-authenticate': 'WWW-Authenticate', via: 'Via' };

export function parseSip(text: string): SipMessage {
  const split = text.indexOf('\r\n\r\n');
  const head = split < 0 ? text : text.slice(0, split);
  const lines = head.split('\r\n');
  const start = lines.shift() ?? '';
  const message: SipMessage = { headers: [], body: split < 0 ? '' : text.slice(split + 4) };
  const response = /^SIP\/2\.0 (\d{3}) (.*)$/.exec(start);
  const request = /^([A-Z]+) (\S+) SIP\/2\.0$/.exec(start);
  if (response) {
    message.status = Number(response[1]);
    message.reason = response[2];
  } else if (request) {
    message.method = request[1];
    message.uri = request[2];
  } else throw new CallcueError('sip_invalid', `Not a SIP message: "${start.slice(0, 60)}"`);
  for (const line of lines) {
    // Folded continuation lines belong to the header before them.
    if (/^[ \t]/.test(line) && message.headers.length) message.headers.at(-1)![1] += ` ${line.trim()}`;
    else {
      const colon = line.indexOf(':');
      if (colon <= 0) throw new CallcueError('sip_invalid', `Bad SIP header line: "${line.slice(0, 60)}"`);
      const name = line.slice(0, colon).trim().toLowerCase();
      message.headers.push([COMPACT[name] ?? name, line.slice(colon + 1).trim()]);
    }
  }
  const length = header(message, 'content-length');
  if (length !== undefined) message.body = Buffer.from(message.body, 'utf8').subarray(0, Number(length)).toString('utf8');
  return message;
}

export function serializeSip(m: SipMessage): string {
  const start = m.method ? `${m.method} ${m.uri} SIP/2.0` : `SIP/2.0 ${m.status} ${m.reason}`;
  const headers = m.headers.filter(([name]) => name !== 'content-length').map(([name, value]) => `${CANONICAL[name] ?? name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase())}: ${value}`);
  return `${[start, ...headers, `Content-Length: ${Buffer.byteLength(m.body)}`].join('\r\n')}\r\n\r\n${m.body}`;
}

export function header(m: SipMessage, name: string): string | undefined {
  return m.headers.find(([n]) => n === name)?.[1];
}

export function headers(m: SipMessage, name: string): string[] {
  return m.headers.filter(([n]) => n === name).map(([, v]) => v);
}

/** A header parameter (`;tag=abc`, `;branch=z9hG4bK...`). */
export function param(value: string | undefined, name: string): string | undefined {
  return value?.match(new RegExp(`;\\s*${name}=([^;>\\s,]+)`, 'i'))?.[1];
}

/** The URI inside a name-addr (`"Bob" <sip:bob@host>;tag=1` -> `sip:bob@host`). */
export function addressUri(value: string | undefined): string | undefined {
  if (!value) return undefined;
  return value.match(/<([^>]+)>/)?.[1] ?? value.split(';')[0]!.trim();
}

export function cseq(m: SipMessage): { seq: number; method: string } {
  const [seq, method] = (header(m, 'cseq') ?? '').split(/\s+/);
  return { seq: Number(seq), method: method ?? '' };
}
