import dgram from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { buildDtmf } from '../../main/telephony/dtmf.ts';
import { RtpSession } from '../../main/telephony/rtp-session.ts';
import { serializeRtp } from '../../main/telephony/rtp.ts';

const sockets: dgram.Socket[] = [];
const sessions: RtpSession[] = [];
afterEach(() => {
  for (const s of sockets.splice(0)) s.close();
  for (const s of sessions.splice(0)) s.close();
});

async function socket(): Promise<dgram.Socket & { sendTo(port: number, data: Uint8Array): Promise<void> }> {
  const s = dgram.createSocket('udp4');
  sockets.push(s);
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
  return Object.assign(s, { sendTo: (port: number, data: Uint8Array) => new Promise<void>((resolve) => s.send(data, port, '127.0.0.1', () => resolve())) });
}

async function session(): Promise<RtpSession> {
  const rtp = await RtpSession.open('127.0.0.1');
  sessions.push(rtp);
  return rtp;
}

const settle = () => new Promise((r) => setTimeout(r, 100));
const nine = (ssrc: number, sequence: number) => serializeRtp({ payloadType: 101, marker: false, sequence, timestamp: 8000, ssrc, payload: buildDtmf({ digit: '9', end: true, volume: 10, duration: 640 }) });
const audio = (ssrc: number, sequence: number, payloadType = 0) => serializeRtp({ payloadType, marker: false, sequence, timestamp: sequence * 160, ssrc, payload: new Uint8Array(160).fill(0x20) });

describe('RTP session: only the negotiated peer is heard', () => {
  it('drops the key 9, audio and garbage from another socket, and counts them; the peer’s own key 9 is heard', async () => {
    const rtp = await session();
    const peer = await socket();
    const stranger = await socket();
    const digits: string[] = [];
    rtp.on('dtmf', (d: string) => digits.push(d));
    await stranger.sendTo(rtp.port, nine(7, 1)); // before the answer: nobody is negotiated yet
    await settle();
    rtp.start({ host: '127.0.0.1', port: peer.address().port, law: 'pcmu', dtmf: 101, direction: 'sendrecv' });
    for (let i = 0; i < 6; i++) await stranger.sendTo(rtp.port, nine(7, 10 + i));
    for (let i = 0; i < 5; i++) await stranger.sendTo(rtp.port, audio(7, 20 + i));
    await stranger.sendTo(rtp.port, Buffer.from('garbage that is not RTP at all'));
    await settle();
    expect(digits).toEqual([]);
    expect(rtp.stats.dropped).toMatchObject({ before_answer: 1, foreign_source: 12 });
    expect(rtp.stats.received).toBe(0);

    await peer.sendTo(rtp.port, audio(42, 1));
    await peer.sendTo(rtp.port, nine(43, 2));
    await settle();
    expect(digits).toEqual(['9']);
    expect(rtp.stats.received).toBe(2);
  });

  it('from the peer’s own address: a second SSRC, an unnegotiated payload type and non-RTP are dropped and counted', async () => {
    const rtp = await session();
    const peer = await socket();
    const digits: string[] = [];
    rtp.on('dtmf', (d: string) => digits.push(d));
    rtp.start({ host: '127.0.0.1', port: peer.address().port, law: 'pcmu', dtmf: 101, direction: 'sendrecv' });
    await peer.sendTo(rtp.port, audio(42, 1));
    await peer.sendTo(rtp.port, nine(43, 1));
    await peer.sendTo(rtp.port, audio(99, 2)); // another source mixed into the stream
    await peer.sendTo(rtp.port, nine(98, 3)); // a second event stream
    await peer.sendTo(rtp.port, audio(42, 4, 18)); // G.729 was never negotiated
    await peer.sendTo(rtp.port, Uint8Array.of(1, 2, 3));
    await settle();
    expect(digits).toEqual(['9']);
    expect(rtp.stats.dropped).toMatchObject({ foreign_ssrc: 2, payload_type: 1, not_rtp: 1 });
    expect(rtp.stats.received).toBe(2);
  });

  it('binds where it was asked (the signalling interface), not every address', async () => {
    expect((await session()).address).toBe('127.0.0.1');
  });
});
