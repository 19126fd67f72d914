import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDtmf, DtmfReceiver, parseDtmf } from '../../main/telephony/dtmf.ts';
import { decodeG711, encodeG711 } from '../../main/telephony/g711.ts';
import { JitterBuffer } from '../../main/telephony/jitter-buffer.ts';
import { parseRtp, serializeRtp, type RtpPacket } from '../../main/telephony/rtp.ts';
import { udpPayloads } from '../fixtures/pcap.ts';
import { speak } from '../fixtures/speech.ts';
import { tempDir } from '../helpers/tmp.ts';

const SIPP = '/usr/share/sip-tester';
const int16 = (b: Buffer) => new Int16Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));

describe('G.711 against sox', () => {
  it.each([
    ['pcmu', 'u-law'],
    ['pcma', 'a-law'],
  ] as const)('%s: our encoding is sox %s, byte for byte, and decodes as sox decodes it', (law, encoding) => {
    const dir = tempDir();
    const wav = speak(dir, 'speech', 'Hello, I am calling about your health cover.');
    const linear = path.join(dir, 'speech.s16');
    execFileSync('sox', [wav, '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', '-t', 'raw', linear]);
    const pcm = int16(fs.readFileSync(linear));
    // -D: no dither, so both sides code the same 16-bit samples.
    const theirs = execFileSync('sox', ['-D', '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', '-t', 'raw', linear, '-e', encoding, '-t', 'raw', '-']);
    const ours = encodeG711(law, pcm);
    expect(ours.length).toBe(theirs.length);
    const differing = ours.filter((b, i) => b !== theirs[i]).length;
    expect(differing).toBe(0);
    const raw = path.join(dir, `x.${law}`);
    fs.writeFileSync(raw, ours);
    const decoded = int16(execFileSync('sox', ['-D', '-r', '8000', '-c', '1', '-e', encoding, '-t', 'raw', raw, '-e', 'signed-integer', '-b', '16', '-t', 'raw', '-']));
    expect([...decodeG711(law, ours)]).toEqual([...decoded]);
  });
});

describe('RTP from a real capture (SIPp g711a.pcap)', () => {
  it('parses every packet: PCMA, equal packets, in sequence; reserialises to the same bytes', () => {
    const packets = udpPayloads(`${SIPP}/g711a.pcap`).map((p) => ({ raw: p, rtp: parseRtp(p) }));
    expect(packets.length).toBeGreaterThan(100);
    for (const [i, { raw, rtp }] of packets.entries()) {
      expect(rtp.payloadType).toBe(8);
      expect(rtp.payload.length).toBe(packets[0]!.rtp.payload.length);
      if (i > 0) {
        expect(rtp.sequence).toBe((packets[i - 1]!.rtp.sequence + 1) & 0xffff);
        expect(rtp.timestamp - packets[i - 1]!.rtp.timestamp).toBe(rtp.payload.length);
      }
      expect(serializeRtp(rtp)).toEqual(raw);
    }
    const audio = decodeG711('pcma', Uint8Array.from(packets.flatMap((p) => [...p.rtp.payload])));
    const rms = Math.sqrt(audio.reduce((s, x) => s + x * x, 0) / audio.length);
    expect(rms).toBeGreaterThan(100);
  });

  it('rejects what is not RTP with one clear error', () => {
    expect(() => parseRtp(Uint8Array.of(1, 2, 3))).toThrow(/Not an RTP version 2 packet/);
    expect(() => parseRtp(new Uint8Array(12))).toThrow(/Not an RTP version 2 packet/);
  });
});

describe('RFC 4733 DTMF', () => {
  it.each(['0', '5', '9', 'star', 'pound'])('SIPp dtmf_2833_%s.pcap: one digit, once', (name) => {
    const receiver = new DtmfReceiver();
    const digits = udpPayloads(`${SIPP}/dtmf_2833_${name}.pcap`)
      .map((p) => parseRtp(p))
      .filter((p) => parseDtmf(p.payload))
      .map((p) => receiver.receive(p.timestamp, p.payload))
      .filter(Boolean);
    expect(digits).toEqual([{ star: '*', pound: '#' }[name] ?? name]);
  });

  it('builds what it parses', () => {
    expect(parseDtmf(buildDtmf({ digit: '9', end: true, volume: 10, duration: 800 }))).toEqual({ digit: '9', end: true, volume: 10, duration: 800 });
  });
});

describe('jitter buffer', () => {
  const packet = (sequence: number): RtpPacket => ({ payloadType: 0, marker: false, sequence, timestamp: sequence * 160, ssrc: 1, payload: Uint8Array.of(sequence & 0xff) });

  it('plays reordered packets in order, across the 16-bit wrap, and reports a gap as lost', () => {
    const buffer = new JitterBuffer(3);
    for (const seq of [65534, 0, 65535, 2, 1, 1, 4]) buffer.push(packet(seq));
    const played: (number | string)[] = [];
    for (let tick = 0; tick < 7; tick++) {
      const out = buffer.pop();
      if (out === undefined) break;
      played.push(out === 'lost' ? 'lost' : out.sequence);
    }
    expect(played).toEqual([65534, 65535, 0, 1, 2, 'lost', 4]);
    buffer.push(packet(3));
    expect(buffer.stats).toMatchObject({ duplicate: 1, late: 1, lost: 1, played: 6 });
  });

  it('waits for its depth before playing', () => {
    const buffer = new JitterBuffer(3);
    buffer.push(packet(10));
    buffer.push(packet(11));
    expect(buffer.pop()).toBeUndefined();
    buffer.push(packet(12));
    expect(buffer.pop()).toMatchObject({ sequence: 10 });
  });

  it('follows a sender that starts a new sequence once two packets confirm it, and ignores one stray packet', () => {
    const buffer = new JitterBuffer(1);
    const played = (ticks: number) => Array.from({ length: ticks }, () => buffer.pop()).map((p) => (p === undefined || p === 'lost' ? p : p.sequence));
    for (const seq of [500, 501, 502]) buffer.push(packet(seq));
    expect(played(3)).toEqual([500, 501, 502]);
    buffer.push(packet(7)); // one stray packet far behind: dropped
    buffer.push(packet(503));
    expect(played(1)).toEqual([503]);
    for (const seq of [0, 1, 2]) buffer.push(packet(seq)); // a replayed recording starts again at 0
    expect(played(2)).toEqual([1, 2]);
    expect(buffer.stats).toMatchObject({ restarts: 1, late: 0 });
  });
});
