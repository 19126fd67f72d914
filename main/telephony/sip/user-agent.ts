import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { CallcueError } from '../../base/errors.ts';
import { digestAuthorization } from './digest.ts';
import { addressUri, cseq, header, headers, param, type SipMessage } from './message.ts';
import { openTransport, type SipServer, type SipTransport } from './transport.ts';

const token = (bytes = 6) => randomBytes(bytes).toString('hex');
const T1 = 500;
const TIMEOUT = 32_000;

export interface SipAccount {
  server: SipServer;
  /** SIP domain (realm of the user's address); default: the server's host. */
  domain?: string;
  username: string;
  password: string;
  displayName?: string;
}

/** What a call's far end answered: its SDP and the dialog to end it. */
export interface Dialog {
  callId: string;
  localTag: string;
  remoteTag: string;
  remoteTarget: string;
  routeSet: string[];
  localUri: string;
  remoteUri: string;
  cseq: number;
}

/** A call the far end or a proxy refused with a final status (486 busy, 487 cancelled...): the status is data, not text. */
export class SipStatusError extends CallcueError {
  readonly status: number;

  constructor(status: number, reason: string) {
    super('sip_call_failed', `${status} ${reason}`, { retryable: [408, 480, 486, 487, 503].includes(status) });
    this.status = status;
  }
}

type Pending = { resolve: (m: SipMessage) => void; reject: (e: Error) => void; provisional?: (m: SipMessage) => void; timer: NodeJS.Timeout; retransmit?: NodeJS.Timeout };

/**
 * A SIP user agent for outbound calls (RFC 3261): registers with digest authentication, places INVITEs and takes them
 * down with ACK/BYE/CANCEL, answers the far end's BYE, re-INVITE (hold) and OPTIONS. UDP with retransmissions, or TLS.
 */
export class SipUserAgent extends EventEmitter {
  readonly #account: Required<Omit<SipAccount, 'displayName'>> & { displayName?: string };
  readonly #transport: SipTransport;
  readonly #pending = new Map<string, Pending>();
  readonly #dialogs = new Map<string, Dialog & { answer: () => string }>();
  #registerSeq = 1;
  readonly #registerCallId = token(10);

  private constructor(account: SipAccount, transport: SipTransport) {
    super();
    this.#account = { domain: account.server.host, ...account };
    this.#transport = transport;
    transport.on('message', (m: SipMessage) => {
      // 'trace' carries every message in and out, for IT to debug a PBX (it holds numbers: never logged by default).
      this.emit('trace', 'in', m);
      if (m.method) this.#request(m);
      else this.#response(m);
    });
    transport.on('invalid', (error: Error) => this.emit('warning', error));
  }

  static async connect(account: SipAccount): Promise<SipUserAgent> {
    return new SipUserAgent(account, await openTransport(account.server));
  }

  get aor(): string {
    return `sip:${this.#account.username}@${this.#account.domain}`;
  }

  /** Our address towards the SIP server (what SDP offers for RTP). */
  get localHost(): string {
    return this.#transport.local.host;
  }

  get contact(): string {
    const { host, port } = this.#transport.local;
    return `<sip:${this.#account.username}@${host}:${port}${this.#transport.protocol === 'tls' ? ';transport=tls' : ''}>`;
  }

  /** REGISTER, answering the server's digest challenge; a refusal is one clear error. */
  async register(expires = 300): Promise<void> {
    const build = (authorization?: [string, string]): SipMessage => ({
      method: 'REGISTER',
      uri: `sip:${this.#account.domain}`,
      headers: [
        ['from', `<${this.aor}>;tag=${token()}`],
        ['to', `<${this.aor}>`],
        ['call-id', this.#registerCallId],
        ['cseq', `${this.#registerSeq++} REGISTER`],
        ['contact', this.contact],
        ['expires', String(expires)],
        ...(authorization ? [authorization] : []),
      ],
      body: '',
    });
    let response = await this.#send(build());
    if (response.status === 401 || response.status === 407) response = await this.#send(build(this.#answer(response, 'REGISTER', `sip:${this.#account.domain}`)));
    if (response.status === 401 || response.status === 407 || response.status === 403) {
      throw new CallcueError('sip_auth_failed', `The SIP server ${this.#account.server.host} refused the password for ${this.aor} (${response.status} ${response.reason}).`);
    }
    if (response.status! >= 300) throw new CallcueError('sip_register_failed', `Registration of ${this.aor} failed: ${response.status} ${response.reason}.`);
  }

  /**
   * Calls `target` with an SDP offer. Resolves with the dialog and the answer's SDP when answered; rejects with the
   * final status (486 busy, 480 unavailable, 487 cancelled, 408 no answer...) otherwise. `signal` cancels the attempt.
   */
  async invite(target: string, offer: string, options: { signal?: AbortSignal; onRinging?: () => void } = {}): Promise<{ dialog: Dialog; sdp: string }> {
    const callId = token(10);
    const localTag = token();
    let seq = 1;
    const build = (authorization?: [string, string]): SipMessage => ({
      method: 'INVITE',
      uri: target,
      headers: [
        ['from', `${this.#account.displayName ? `"${this.#account.displayName}" ` : ''}<${this.aor}>;tag=${localTag}`],
        ['to', `<${target}>`],
        ['call-id', callId],
        ['cseq', `${seq++} INVITE`],
        ['contact', this.contact],
        ['allow', 'INVITE, ACK, BYE, CANCEL, OPTIONS'],
        ['content-type', 'application/sdp'],
        ...(authorization ? [authorization] : []),
      ],
      body: offer,
    });
    let request = build();
    const cancel = () => this.#transport.send({ method: 'CANCEL', uri: target, headers: request.headers.filter(([n]) => ['via', 'from', 'to', 'call-id'].includes(n)).concat([['cseq', `${cseq(request).seq} CANCEL`]]), body: '' });
    options.signal?.addEventListener('abort', cancel, { once: true });
    try {
      let response = await this.#send(request, (m) => m.status === 180 || m.status === 183 ? options.onRinging?.() : undefined);
      if (response.status === 401 || response.status === 407) {
        this.#ackFailure(request, response);
        request = build(this.#answer(response, 'INVITE', target));
        response = await this.#send(request, (m) => (m.status === 180 || m.status === 183 ? options.onRinging?.() : undefined));
      }
      if (response.status! >= 300) {
        this.#ackFailure(request, response);
        if (response.status === 401 || response.status === 407) throw new CallcueError('sip_auth_failed', `The SIP server refused the password for ${this.aor} when calling (${response.status}).`);
        throw new SipStatusError(response.status!, response.reason ?? '');
      }
      const dialog: Dialog = {
        callId,
        localTag,
        remoteTag: param(header(response, 'to'), 'tag') ?? '',
        remoteTarget: addressUri(header(response, 'contact')) ?? target,
        routeSet: headers(response, 'record-route').flatMap((v) => v.split(',').map((r) => r.trim())).reverse(),
        localUri: this.aor,
        remoteUri: target,
        cseq: cseq(request).seq,
      };
      this.#inDialog(dialog, 'ACK', dialog.cseq);
      this.#dialogs.set(callId, { ...dialog, answer: () => offer });
      return { dialog, sdp: response.body };
    } finally {
      options.signal?.removeEventListener('abort', cancel);
    }
  }

  /** Ends an answered call (BYE). */
  async bye(dialog: Dialog): Promise<void> {
    if (!this.#dialogs.delete(dialog.callId)) return;
    await this.#send(this.#inDialog(dialog, 'BYE', ++dialog.cseq, false)).catch(() => undefined);
  }

  close(): void {
    for (const p of this.#pending.values()) {
      clearTimeout(p.timer);
      clearInterval(p.retransmit);
    }
    this.#transport.close();
  }

  #answer(challenge: SipMessage, method: string, uri: string): [string, string] {
    const www = challenge.status === 401;
    const value = header(challenge, www ? 'www-authenticate' : 'proxy-authenticate');
    if (!value) throw new CallcueError('sip_invalid', `${challenge.status} without a challenge.`);
    return [www ? 'authorization' : 'proxy-authorization', digestAuthorization({ challenge: value, method, uri, username: this.#account.username, password: this.#account.password })];
  }

  /** A new client transaction: Via with a fresh branch; UDP retransmits until a response (timer A/E). */
  #send(message: SipMessage, provisional?: (m: SipMessage) => void): Promise<SipMessage> {
    const branch = `z9hG4bK${token(8)}`;
    const { host, port } = this.#transport.local;
    message.headers = [['via', `SIP/2.0/${this.#transport.protocol.toUpperCase()} ${host}:${port};branch=${branch};rport`], ['max-forwards', '70'], ...message.headers.filter(([n]) => n !== 'via' && n !== 'max-forwards')];
    return new Promise((resolve, reject) => {
      const pending: Pending = {
        resolve,
        reject,
        provisional,
        timer: setTimeout(() => {
          this.#finish(`${branch} ${message.method}`);
          resolve({ status: 408, reason: 'Request Timeout', headers: message.headers, body: '' });
        }, TIMEOUT),
      };
      if (this.#transport.protocol === 'udp') {
        let interval = T1;
        const again = () => {
          this.#transport.send(message);
          interval = Math.min(interval * 2, 4000);
          pending.retransmit = setTimeout(again, interval);
        };
        pending.retransmit = setTimeout(again, interval);
      }
      // A CANCEL shares its INVITE's branch: transactions are known by branch and method.
      this.#pending.set(`${branch} ${message.method}`, pending);
      this.#transport.send(message);
    });
  }

  #finish(key: string): void {
    const pending = this.#pending.get(key);
    if (!pending) return;
    clearTimeout(pending.timer);
    clearTimeout(pending.retransmit);
    this.#pending.delete(key);
  }

  #response(m: SipMessage): void {
    const key = `${param(header(m, 'via'), 'branch')} ${cseq(m).method}`;
    const pending = this.#pending.get(key);
    if (!pending) return;
    if (m.status! < 200) {
      // A provisional answer stops retransmission of the request, not the wait.
      clearTimeout(pending.retransmit);
      pending.provisional?.(m);
      return;
    }
    this.#finish(key);
    pending.resolve(m);
  }

  /** ACK for a non-2xx final answer to INVITE: same branch, part of the INVITE transaction. */
  #ackFailure(invite: SipMessage, response: SipMessage): void {
    this.#transport.send({
      method: 'ACK',
      uri: invite.uri,
      headers: [['via', header(invite, 'via')!], ['max-forwards', '70'], ['from', header(invite, 'from')!], ['to', header(response, 'to')!], ['call-id', header(invite, 'call-id')!], ['cseq', `${cseq(invite).seq} ACK`]],
      body: '',
    });
  }

  /** A request inside a dialog (ACK, BYE): to the remote target, through the route set. ACK is sent, others returned. */
  #inDialog(d: Dialog, method: string, seq: number, sendNow = true): SipMessage {
    const { host, port } = this.#transport.local;
    const message: SipMessage = {
      method,
      uri: d.remoteTarget,
      headers: [
        ['via', `SIP/2.0/${this.#transport.protocol.toUpperCase()} ${host}:${port};branch=z9hG4bK${token(8)};rport`],
        ['max-forwards', '70'],
        ...d.routeSet.map((r): [string, string] => ['route', r]),
        ['from', `<${d.localUri}>;tag=${d.localTag}`],
        ['to', `<${d.remoteUri}>;tag=${d.remoteTag}`],
        ['call-id', d.callId],
        ['cseq', `${seq} ${method}`],
      ],
      body: '',
    };
    if (sendNow) this.#transport.send(message);
    return message;
  }

  /** Requests from the far end: BYE ends the call, a re-INVITE (hold) gets our same SDP, OPTIONS a 200. */
  #request(m: SipMessage): void {
    if (m.method === 'ACK') return;
    const callId = header(m, 'call-id') ?? '';
    const dialog = this.#dialogs.get(callId);
    const reply = (status: number, reason: string, body = '', extra: [string, string][] = []) =>
      this.#transport.send({
        status,
        reason,
        headers: [...m.headers.filter(([n]) => ['via', 'from', 'to', 'call-id', 'cseq', 'record-route'].includes(n)), ...extra, ...(body ? [['content-type', 'application/sdp'] as [string, string]] : [])],
        body,
      });
    if (m.method === 'BYE' && dialog) {
      this.#dialogs.delete(callId);
      reply(200, 'OK');
      this.emit('bye', callId);
    } else if (m.method === 'INVITE' && dialog) {
      reply(200, 'OK', dialog.answer(), [['contact', this.contact]]);
    } else if (m.method === 'OPTIONS') reply(200, 'OK');
    else if (m.method === 'INVITE') reply(486, 'Busy Here');
    else reply(481, 'Call/Transaction Does Not Exist');
  }
}
