import { SIP_ACCOUNT } from '../../preload/contract.ts';
import { CallcueError, errorMessage } from '../base/errors.ts';
import { RtpSession } from '../telephony/rtp-session.ts';
import { parseSdpAnswer, sdpOffer } from '../telephony/sdp.ts';
import { newSrtpKey } from '../telephony/srtp.ts';
import { SipStatusError, SipUserAgent, type SipAccount } from '../telephony/sip/user-agent.ts';
import { bridge } from '../telephony/bridge.ts';
import type { DialResult, Line } from './line.ts';

/** One answered call of ours: its media, and its end either way. */
interface Leg {
  answered: true;
  rtp: RtpSession;
  remoteHangUp: Promise<void>;
  /** Whether it has ended (either side). */
  ended(): boolean;
  hangUp(): Promise<void>;
}

/** A rep's phone: a SIP URI as it is, or an extension (201) on the line's own domain. */
export function repUri(target: string, domain: string): string {
  return /^sips?:/i.test(target) ? target : `sip:${target}@${domain}`;
}

/**
 * `--line sip:USER@HOST[:PORT][;transport=tls]`: the company's SIP system. The password comes from
 * CALLCUE_SIP_PASSWORD (never the command line), a private CA for TLS from CALLCUE_SIP_CA (a PEM file's text).
 */
export function parseSipLine(spec: string, env: NodeJS.ProcessEnv): SipAccount {
  const m = SIP_ACCOUNT.exec(spec);
  if (!m) throw new CallcueError('usage', `--line must be virtual or sip:USER@HOST[:PORT][;transport=tls], not "${spec}".`, { key: 'campaign.errors.sipAccount', field: 'line' });
  if (!env.CALLCUE_SIP_PASSWORD) throw new CallcueError('usage', 'Set CALLCUE_SIP_PASSWORD to the SIP account password (it is never taken from the command line).', { key: 'campaign.errors.sipPassword', field: 'password' });
  const protocol = (m[4]?.toLowerCase() ?? 'udp') as 'udp' | 'tls';
  return { server: { host: m[2]!, port: Number(m[3] ?? (protocol === 'tls' ? 5061 : 5060)), protocol, ca: env.CALLCUE_SIP_CA }, username: m[1]!, password: env.CALLCUE_SIP_PASSWORD, displayName: 'CallCue' };
}

/** Calls over SIP and G.711 RTP: registers once, dials sip:NUMBER@domain, maps SIP answers to dispositions. */
export class SipLine implements Line {
  readonly name: string;
  readonly sampleRate = 8000;
  readonly #ua: SipUserAgent;
  readonly #domain: string;
  /** TLS signalling: SRTP keys can be sent (SDES), so media is encrypted too. */
  readonly #secure: boolean;

  private constructor(ua: SipUserAgent, account: SipAccount) {
    this.#ua = ua;
    this.#domain = account.domain ?? account.server.host;
    this.#secure = account.server.protocol === 'tls';
    this.name = `sip:${account.username}@${account.server.host}:${account.server.port};transport=${account.server.protocol}`;
  }

  static async open(account: SipAccount): Promise<SipLine> {
    const ua = await SipUserAgent.connect(account);
    try {
      await ua.register();
    } catch (error) {
      ua.close();
      throw error;
    }
    return new SipLine(ua, account);
  }

  async dial(phone: string, o: { ringSeconds: number }): Promise<DialResult> {
    const leg = await this.#call(`sip:${phone}@${this.#domain}`, o);
    if (!leg.answered) return leg;
    const { rtp } = leg;
    // While bridged to a rep (transfer), the bot's listener letting go of the callee's audio must not end the call.
    let bridged = false;
    return {
      answered: true,
      call: {
        audio: { channels: rtp.audio.channels, [Symbol.asyncIterator]: () => rtp.audio[Symbol.asyncIterator](), close: () => (bridged ? rtp.stopHearing() : rtp.close()) },
        // RTP plays what is queued back to back: a line's next piece simply follows.
        say: (samples) => rtp.say(samples),
        stopSpeaking: () => rtp.stopSpeaking(),
        hold: (on) => rtp.hold(on),
        onDtmf: (listener) => rtp.on('dtmf', listener),
        hangUp: leg.hangUp,
        remoteHangUp: leg.remoteHangUp,
        transfer: async (target, t) => {
          const rep = await this.#call(repUri(target, this.#domain), { ringSeconds: t.ringSeconds, signal: t.signal }).catch((error: unknown) => ({ answered: false as const, detail: errorMessage(error) }));
          if (!rep.answered) return { connected: false, detail: rep.detail };
          await t.ready;
          if (leg.ended()) {
            await rep.hangUp();
            return { connected: false, detail: 'the callee hung up before the rep answered' };
          }
          bridged = true;
          const unbridge = bridge(rtp, rep.rtp);
          // Either side hanging up ends the other: the bot has nothing to say to either after a transfer.
          const ended = Promise.race([leg.remoteHangUp.then(() => 'callee' as const), rep.remoteHangUp.then(() => 'rep' as const)]).then(async (who) => {
            unbridge();
            await (who === 'callee' ? rep.hangUp() : leg.hangUp());
            return who;
          });
          return { connected: true, ended };
        },
      },
    };
  }

  /**
   * One outgoing call with its RTP: answered, or why not (486 busy, 480/487/408 no answer, anything else failed).
   * `signal` gives up ringing early (CANCEL), as `ringSeconds` does.
   */
  async #call(target: string, o: { ringSeconds: number; signal?: AbortSignal }): Promise<Leg | Extract<DialResult, { answered: false }>> {
    const rtp = await RtpSession.open(this.#ua.localHost);
    const giveUp = new AbortController();
    const timer = setTimeout(() => giveUp.abort(), o.ringSeconds * 1000);
    const stop = () => giveUp.abort();
    o.signal?.addEventListener('abort', stop, { once: true });
    // Over TLS the media is offered as SRTP; a PBX that cannot take it answers 488 and is offered plain RTP once.
    let srtp = this.#secure ? newSrtpKey() : undefined;
    let answered;
    try {
      if (o.signal?.aborted) throw new SipStatusError(487, 'Request Terminated');
      const offer = () => this.#ua.invite(target, sdpOffer({ host: this.#ua.localHost, port: rtp.port, sessionId: Date.now(), srtp }), { signal: giveUp.signal });
      answered = await offer().catch((error: unknown) => {
        if (!srtp || !(error instanceof SipStatusError) || error.status !== 488) throw error;
        srtp = undefined;
        return offer();
      });
    } catch (error) {
      rtp.close();
      if (!(error instanceof SipStatusError)) throw error;
      const { status, message } = error;
      if (status === 486 || status === 600) return { answered: false, disposition: 'busy', detail: message };
      if (status === 487 || status === 480 || status === 408) return { answered: false, disposition: 'no_answer', detail: message };
      return { answered: false, disposition: 'failed', detail: message };
    } finally {
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', stop);
    }
    const { dialog, sdp } = answered;
    let media;
    try {
      media = parseSdpAnswer(sdp);
      if (Boolean(media.srtp) !== Boolean(srtp)) throw new CallcueError('sdp_bad_crypto', srtp ? 'The far end answered our SRTP offer with plain RTP.' : 'The far end answered SRTP to a plain RTP offer.');
    } catch (error) {
      // Answered with media we cannot use: that call ends properly (BYE) and fails; the campaign goes on.
      await this.#ua.bye(dialog);
      rtp.close();
      return { answered: false, disposition: 'failed', detail: errorMessage(error) };
    }
    rtp.start(media, srtp);
    let ended = false;
    const remoteHangUp = new Promise<void>((resolve) => {
      const onBye = (callId: string) => {
        if (callId !== dialog.callId) return;
        this.#ua.off('bye', onBye);
        ended = true;
        rtp.close();
        resolve();
      };
      this.#ua.on('bye', onBye);
    });
    return {
      answered: true,
      rtp,
      remoteHangUp,
      ended: () => ended,
      hangUp: async () => {
        ended = true;
        await this.#ua.bye(dialog);
        rtp.close();
      },
    };
  }

  async close(): Promise<void> {
    this.#ua.close();
  }
}
