import dgram from 'node:dgram';
import { EventEmitter } from 'node:events';
import { randomInt } from 'node:crypto';
import { Framer, type AudioFrame, type AudioSource } from '../audio/frames.ts';
import { EventQueue } from '../core/event-queue.ts';
import { buildDtmf, DtmfReceiver } from './dtmf.ts';
import { decodeG711, encodeG711, payloadTypeOf } from './g711.ts';
import { EchoGate } from './echo-gate.ts';
import { JitterBuffer } from './jitter-buffer.ts';
import { parseRtp, serializeRtp } from './rtp.ts';
import type { MediaAnswer } from './sdp.ts';

const PACKET = 160; // 20 ms at 8 kHz

/**
 * One call's audio over RTP: what the bot says goes out in 20 ms G.711 packets on a steady clock (silence between
 * lines), what the far end says comes in through a jitter buffer and leaves as 16 kHz frames on the customer channel.
 * Telephone events (DTMF) in are 'dtmf' events; `sendDtmf` sends them.
 */
export class RtpSession extends EventEmitter {
  readonly #socket = dgram.createSocket('udp4');
  readonly #jitter = new JitterBuffer(3);
  readonly #echo = new EchoGate();
  readonly #dtmf = new DtmfReceiver();
  readonly #frames = new EventQueue<AudioFrame>();
  readonly #framer = new Framer('customer', 8000);
  readonly #ssrc = randomInt(2 ** 31);
  #remote: MediaAnswer | undefined;
  #seq = randomInt(2 ** 15);
  #timestamp = randomInt(2 ** 31);
  #clock: NodeJS.Timeout | undefined;
  #queue: Int16Array[] = [];
  #speaking: { resolve: () => void } | undefined;
  #events: Uint8Array[] = [];
  #held = false;
  /** Whether the far end has sent audio yet: from then on the media clock never stops. */
  #heard = false;
  readonly stats = { sent: 0, received: 0 };

  static async open(host = '0.0.0.0'): Promise<RtpSession> {
    const session = new RtpSession();
    await new Promise<void>((resolve, reject) => {
      session.#socket.once('error', reject);
      session.#socket.bind(0, host, () => resolve());
    });
    session.#socket.on('message', (data) => session.#receive(data));
    return session;
  }

  get port(): number {
    return this.#socket.address().port;
  }

  /** The far end's audio, as the listener takes it. */
  readonly audio: AudioSource = {
    channels: ['customer'],
    [Symbol.asyncIterator]: () => this.#frames[Symbol.asyncIterator](),
    close: () => this.close(),
  };

  /** Starts the 20 ms clock towards the far end's address from its SDP answer. */
  start(remote: MediaAnswer): void {
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

  get speaking(): boolean {
    return this.#queue.length > 0;
  }

  sendDtmf(digit: string): void {
    // Three packets over 60 ms, the last three with the end bit (RFC 4733 says to repeat the end).
    for (const duration of [160, 320, 480]) this.#events.push(buildDtmf({ digit, end: false, volume: 10, duration }));
    for (let i = 0; i < 3; i++) this.#events.push(buildDtmf({ digit, end: true, volume: 10, duration: 640 }));
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
    const event = this.#events.shift();
    if (event && remote.dtmf !== undefined) {
      this.#packet(remote.dtmf, event, false);
      if (event[1]! & 0x80 && this.#events.length === 0) this.#timestamp += 640;
      return;
    }
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
    const packet = serializeRtp({ payloadType, marker, sequence: this.#seq, timestamp: this.#timestamp, ssrc: this.#ssrc, payload });
    this.#seq = (this.#seq + 1) & 0xffff;
    this.#socket.send(packet, remote.port, remote.host);
    this.stats.sent++;
  }

  #receive(data: Buffer): void {
    let packet;
    try {
      packet = parseRtp(data);
    } catch {
      return; // not RTP (a stray or RTCP datagram): ignored
    }
    this.stats.received++;
    if (this.#remote?.dtmf !== undefined && packet.payloadType === this.#remote.dtmf) {
      const digit = this.#dtmf.receive(packet.timestamp, packet.payload);
      if (digit) this.emit('dtmf', digit);
      return;
    }
    this.#jitter.push(packet);
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
    // The bot's own voice coming back is not the customer: silenced before the listener hears it.
    const samples = this.#echo.isEcho(heard) ? new Int16Array(PACKET) : heard;
    for (const frame of this.#framer.push(Float32Array.from(samples, (s) => s / 32768))) this.#frames.push(frame);
  }
}
