import dgram from 'node:dgram';
import { EventEmitter } from 'node:events';
import { randomInt } from 'node:crypto';
import { Framer, liveFrameQueue, type AudioSource } from '../audio/frames.ts';
import { DtmfReceiver } from './dtmf.ts';
import { decodeG711, encodeG711, payloadTypeOf } from './g711.ts';
import { EchoGate } from './echo-gate.ts';
import { JitterBuffer } from './jitter-buffer.ts';
import { parseRtp, serializeRtp, type RtpPacket } from './rtp.ts';
import { SrtpContext, type SrtpKey } from './srtp.ts';
import { CallcueError } from '../base/errors.ts';
import type { MediaAnswer } from './sdp.ts';

const PACKET = 160; // 20 ms at 8 kHz
/**
 * Packets relayed from another call (bridge.ts) waiting to go out: the two calls' clocks are two timers in one process,
 * so this stays at 0-1; a stalled event loop that makes it grow is answered by dropping the oldest (100 ms at most
 * of added delay, never a growing one).
 */
const RELAY_MAX = 5;

/** Why an inbound datagram was dropped: counted, never acted on. */
export type RtpDrop = 'not_rtp' | 'before_answer' | 'foreign_source' | 'foreign_ssrc' | 'payload_type' | 'srtp_auth';

/**
 * One call's audio over RTP: what the bot says goes out in 20 ms G.711 packets on a steady clock (silence between
 * lines), what the far end says comes in through a jitter buffer and leaves as 16 kHz frames on the customer channel.
 * Telephone events (DTMF) in are 'dtmf' events.
 *
 * Only the negotiated peer is heard: a datagram counts only if it comes from the address and port the SDP answer
 * named, with a negotiated payload type, and with the SSRC its stream started with. Anything else is counted in
 * `stats.dropped` and ignored, so a stray or spoofed packet can neither speak for the customer nor press 9 for them.
 * No latching to another port: measured in the odd-peer test, a sender on the PBX's host that spoke before the PBX
 * took the call over (latching trusts whoever sends first); NAT in front of a phone is the PBX's to fix in its SDP.
 */
export class RtpSession extends EventEmitter {
  readonly #socket = dgram.createSocket('udp4');
  readonly #jitter = new JitterBuffer(3);
  readonly #echo = new EchoGate();
  readonly #dtmf = new DtmfReceiver();
  readonly #frames = liveFrameQueue();
  readonly #framer = new Framer('customer', 8000);
  readonly #ssrc = randomInt(2 ** 31);
  #remote: MediaAnswer | undefined;
  #seq = randomInt(2 ** 15);
  #timestamp = randomInt(2 ** 31);
  #clock: NodeJS.Timeout | undefined;
  #queue: Int16Array[] = [];
  #speaking: { resolve: () => void } | undefined;
  #held = false;
  /** The SSRC each of the far end's streams started with (RFC 3550 section 8.2: one source, one SSRC). */
  readonly #farSsrc = new Map<'audio' | 'event', number>();
  /** Whether the far end has sent audio yet: from then on the media clock never stops. */
  #heard = false;
  /** Whether the far end's audio still goes to the listener (`audio`); a bridged call is heard by the other call only. */
  #hearing = true;
  readonly stats = { sent: 0, received: 0, dropped: { not_rtp: 0, before_answer: 0, foreign_source: 0, foreign_ssrc: 0, payload_type: 0, srtp_auth: 0 } as Record<RtpDrop, number> };
  /** SRTP both ways, when the answer chose it: our key encrypts what we send, theirs checks what comes in. */
  #srtp: { send: SrtpContext; receive: SrtpContext } | undefined;

  /** `host`: the interface the SIP signalling uses, so media is bound where it was offered and nowhere else. */
  static async open(host: string): Promise<RtpSession> {
    const session = new RtpSession();
    await new Promise<void>((resolve, reject) => {
      session.#socket.once('error', reject);
      session.#socket.bind(0, host, () => resolve());
    });
    session.#socket.on('message', (data, from) => session.#receive(data, from));
    return session;
  }

  get port(): number {
    return this.#socket.address().port;
  }

  /** The local address media is bound to. */
  get address(): string {
    return this.#socket.address().address;
  }

  /** The far end's audio, as the listener takes it. */
  readonly audio: AudioSource = {
    channels: ['customer'],
    [Symbol.asyncIterator]: () => this.#frames[Symbol.asyncIterator](),
    close: () => this.close(),
  };

  /** Starts the 20 ms clock towards the far end's address from its SDP answer; `srtp`: the key we offered. */
  start(remote: MediaAnswer, srtp?: SrtpKey): void {
    if (Boolean(remote.srtp) !== Boolean(srtp)) throw new CallcueError('sdp_bad_crypto', remote.srtp ? 'The far end answered SRTP to a plain RTP offer.' : 'The far end answered plain RTP to an SRTP offer.');
    this.#srtp = srtp && remote.srtp ? { send: new SrtpContext(srtp), receive: new SrtpContext(remote.srtp) } : undefined;
    this.#remote = remote;
    const started = performance.now();
    let ticks = 0;
    const tick = () => {
      this.#send();
      this.#play();
      ticks++;
      // Scheduled against the start, so timer lateness never accumulates into drift.
      this.#clock = setTimeout(tick, Math.max(0, started + ticks * 20 - performance.now()));
    };
    tick();
  }

  /** Speaks 8 kHz samples; resolves when the last packet has gone out, or at once when `stop()` cuts it short (barge-in). */
  say(samples: Int16Array): Promise<void> {
    for (let i = 0; i < samples.length; i += PACKET) {
      const chunk = new Int16Array(PACKET);
      chunk.set(samples.subarray(i, i + PACKET));
      this.#queue.push(chunk);
    }
    return new Promise((resolve) => {
      this.#speaking?.resolve();
      this.#speaking = { resolve };
    });
  }

  /** Pauses the line: silence goes out, nothing is lost; `hold(false)` goes on. */
  hold(on: boolean): void {
    this.#held = on;
  }

  /** Stops speaking now: the rest of the line is dropped. */
  stopSpeaking(): void {
    this.#held = false;
    this.#queue = [];
    this.#speaking?.resolve();
    this.#speaking = undefined;
  }

  /**
   * One 20 ms packet of 8 kHz samples from another call (bridge.ts): sent on this call's own clock, after what is
   * queued; beyond RELAY_MAX waiting, the oldest is dropped.
   */
  relay(samples: Int16Array): void {
    this.#held = false;
    this.#queue.push(samples);
    if (this.#queue.length > RELAY_MAX) this.#queue.shift();
  }

  /**
   * The listener stops hearing this call (`audio` ends) while its media goes on: the far end's audio is still
   * decoded, as 'heard' events of 20 ms of 8 kHz samples, for a bridge to relay.
   */
  stopHearing(): void {
    this.#hearing = false;
    this.#frames.end();
  }

  /** Frames the listener fell too far behind to take. */
  get framesDropped(): number {
    return this.#frames.dropped;
  }

  close(): void {
    clearTimeout(this.#clock);
    this.#speaking?.resolve();
    this.#frames.end();
    try {
      this.#socket.close();
    } catch {
      // already closed
    }
  }

  #send(): void {
    const remote = this.#remote;
    if (!remote || remote.direction === 'recvonly' || remote.direction === 'inactive') return;
    const chunk = this.#held ? undefined : this.#queue.shift();
    if (!chunk && !this.#held && this.#speaking) {
      this.#speaking.resolve();
      this.#speaking = undefined;
    }
    const samples = chunk ?? new Int16Array(PACKET);
    this.#echo.sent(samples);
    this.#packet(payloadTypeOf[remote.law], encodeG711(remote.law, samples), false);
    this.#timestamp += PACKET;
  }

  #packet(payloadType: number, payload: Uint8Array, marker: boolean): void {
    const remote = this.#remote!;
    const plain = serializeRtp({ payloadType, marker, sequence: this.#seq, timestamp: this.#timestamp, ssrc: this.#ssrc, payload });
    const packet = this.#srtp ? this.#srtp.send.protect(plain) : plain;
    this.#seq = (this.#seq + 1) & 0xffff;
    this.#socket.send(packet, remote.port, remote.host);
    this.stats.sent++;
  }

  #receive(data: Buffer, from: dgram.RemoteInfo): void {
    const packet = this.#accept(data, from);
    if (typeof packet === 'string') {
      this.stats.dropped[packet]++;
      return;
    }
    this.stats.received++;
    if (packet.payloadType === this.#remote!.dtmf) {
      const digit = this.#dtmf.receive(packet.timestamp, packet.payload);
      if (digit) this.emit('dtmf', digit);
      return;
    }
    this.#jitter.push(packet);
  }

  /** The packet, if it is the negotiated peer's media; otherwise why not. */
  #accept(data: Buffer, from: dgram.RemoteInfo): RtpPacket | RtpDrop {
    const remote = this.#remote;
    if (!remote) return 'before_answer';
    if (from.address !== remote.host || from.port !== remote.port) return 'foreign_source';
    let packet: RtpPacket;
    try {
      packet = parseRtp(data);
      // RTCP (payload types 72-76 with the marker bit) is not audio; SRTP is checked before anything is read.
      if (this.#srtp && !(packet.payloadType >= 72 && packet.payloadType <= 76)) packet = parseRtp(this.#srtp.receive.unprotect(data));
    } catch (error) {
      return error instanceof CallcueError && error.code === 'srtp_auth' ? 'srtp_auth' : 'not_rtp';
    }
    const stream = packet.payloadType === remote.dtmf ? 'event' : packet.payloadType === 0 || packet.payloadType === 8 ? 'audio' : undefined;
    if (!stream) return 'payload_type';
    const ssrc = this.#farSsrc.get(stream);
    if (ssrc === undefined) this.#farSsrc.set(stream, packet.ssrc);
    else if (ssrc !== packet.ssrc) return 'foreign_ssrc';
    return packet;
  }

  /**
   * One 20 ms step of the far end's audio: the next packet in order, or silence for a lost one and for a far end
   * that sends nothing (silence suppression, a phone between recordings): the listener must hear the turn end.
   */
  #play(): void {
    const out = this.#jitter.pop();
    if (out !== undefined) this.#heard = true;
    if (!this.#heard || !this.#remote) return;
    const heard = out === undefined || out === 'lost' ? new Int16Array(PACKET) : decodeG711(out.payloadType === 8 ? 'pcma' : 'pcmu', out.payload);
    // Before the echo gate: a bridged call relays what the far end said, whatever the gate makes of it.
    if (this.listenerCount('heard')) this.emit('heard', heard);
    if (!this.#hearing) return;
    // The bot's own voice coming back is not the customer: silenced before the listener hears it.
    const samples = this.#echo.isEcho(heard) ? new Int16Array(PACKET) : heard;
    for (const frame of this.#framer.push(Float32Array.from(samples, (s) => s / 32768))) this.#frames.push(frame);
  }
}
