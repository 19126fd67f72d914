/**
 * The far ends for bench:rtp-clock, in their own process so a stalled bench process cannot delay the timestamps:
 * opens UDP sockets on loopback and records when each RTP packet arrives. Reports each packet's lateness against
 * its stream's 20 ms schedule: arrival - 20 ms x (packets since the stream's first), less the stream's smallest
 * such offset, so the best-placed packet is 0 and a packet sent after a 160 ms stall is 160 ms late.
 */
import dgram from 'node:dgram';

const streams = new Map<string, { first: number; last: number; wraps: number; offsets: number[] }>();
const sockets: dgram.Socket[] = [];

function record(socket: number, data: Buffer): void {
  const at = performance.now();
  if (data.length < 12) return;
  const seq = data.readUInt16BE(2);
  const key = `${socket}:${data.readUInt32BE(8)}`; // one stream per socket and SSRC
  const s = streams.get(key) ?? { first: seq, last: seq, wraps: 0, offsets: [] };
  streams.set(key, s);
  if (seq < s.last && s.last - seq > 0x8000) s.wraps++;
  s.last = seq;
  s.offsets.push(at - 20 * (s.wraps * 0x10000 + seq - s.first));
}

process.on('message', async (m: { open?: number; report?: boolean; close?: boolean }) => {
  if (m.open) {
    for (let i = 0; i < m.open; i++) {
      const s = dgram.createSocket('udp4');
      await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
      s.on('message', (data) => record(i, data));
      sockets.push(s);
    }
    process.send!({ ports: sockets.map((s) => s.address().port) });
  } else if (m.report) {
    const all = [...streams.values()];
    streams.clear();
    const lateness = all.flatMap(({ offsets }) => {
      const best = Math.min(...offsets);
      return offsets.map((o) => o - best);
    });
    process.send!({ streams: all.length, lateness });
  } else if (m.close) {
    for (const s of sockets) s.close();
    process.disconnect();
  }
});
