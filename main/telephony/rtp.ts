import { CallcueError } from '../base/errors.ts';

/** One RTP packet (RFC 3550): what telephony needs of it; CSRCs and header extensions are skipped on reading. */
export interface RtpPacket {
  payloadType: number;
  marker: boolean;
  sequence: number;
  timestamp: number;
  ssrc: number;
  payload: Uint8Array;
}

export function parseRtp(data: Uint8Array): RtpPacket {
  if (data.length < 12 || data[0]! >> 6 !== 2) throw new CallcueError('rtp_invalid', `Not an RTP version 2 packet (${data.length} bytes).`);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const csrcs = data[0]! & 0x0f;
  let offset = 12 + csrcs * 4;
  if (data[0]! & 0x10) {
    if (data.length < offset + 4) throw new CallcueError('rtp_invalid', 'RTP header extension is cut short.');
    offset += 4 + view.getUint16(offset + 2) * 4;
  }
  let end = data.length;
  if (data[0]! & 0x20) end -= data[data.length - 1]!;
  if (offset > end) throw new CallcueError('rtp_invalid', 'RTP packet is shorter than its header.');
  return {
    payloadType: data[1]! & 0x7f,
    marker: (data[1]! & 0x80) !== 0,
    sequence: view.getUint16(2),
    timestamp: view.getUint32(4),
    ssrc: view.getUint32(8),
    payload: data.subarray(offset, end),
  };
}

export function serializeRtp(p: RtpPacket): Uint8Array {
  const out = new Uint8Array(12 + p.payload.length);
  const view = new DataView(out.buffer);
  out[0] = 0x80;
  out[1] = (p.marker ? 0x80 : 0) | (p.payloadType & 0x7f);
  view.setUint16(2, p.sequence & 0xffff);
  view.setUint32(4, p.timestamp >>> 0);
  view.setUint32(8, p.ssrc >>> 0);
  out.set(p.payload, 12);
  return out;
}

/** Distance from sequence number a to b, modulo 2^16 (positive: b is after a). */
export function sequenceDelta(a: number, b: number): number {
  const d = (b - a) & 0xffff;
  return d >= 0x8000 ? d - 0x10000 : d;
}
