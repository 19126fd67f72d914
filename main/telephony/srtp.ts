import { createCipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { CallcueError } from '../base/errors.ts';

/** The one SRTP suite CallCue speaks (RFC 4568 section 6.2.1; the suite every PBX and softphone offers first). */
export const SRTP_SUITE = 'AES_CM_128_HMAC_SHA1_80';
const TAG_BYTES = 10;

/** Master key and salt as SDES sends them: `inline:` base64 of the 16-byte key followed by the 14-byte salt. */
export interface SrtpKey {
  key: Buffer;
  salt: Buffer;
}

export function newSrtpKey(): SrtpKey {
  return { key: randomBytes(16), salt: randomBytes(14) };
}

export function sdesInline(k: SrtpKey): string {
  return Buffer.concat([k.key, k.salt]).toString('base64');
}

export function parseSdesInline(inline: string): SrtpKey {
  const bytes = Buffer.from(inline.split('|')[0]!, 'base64');
  if (bytes.length !== 30) throw new CallcueError('sdp_bad_crypto', `The far end's SRTP key is ${bytes.length} bytes, not 30.`);
  return { key: bytes.subarray(0, 16), salt: bytes.subarray(16) };
}

/** AES in counter mode from a 16-byte IV: the keystream SRTP XORs with (RFC 3711 section 4.1.1). */
function aesCm(key: Buffer, iv: Buffer, data: Uint8Array): Buffer {
  return createCipheriv('aes-128-ctr', key, iv).update(data);
}

/** Session keys from the master key, key derivation rate 0 (RFC 3711 section 4.3). */
export function deriveSessionKeys(master: SrtpKey): { cipher: Buffer; auth: Buffer; salt: Buffer } {
  const derive = (label: number, length: number) => {
    const x = Buffer.concat([master.salt, Buffer.alloc(2)]);
    x[7]! ^= label;
    return aesCm(master.key, x, Buffer.alloc(length));
  };
  return { cipher: derive(0, 16), auth: derive(1, 20), salt: derive(2, 14) };
}

/** The packet IV: salt, SSRC and the 48-bit packet index laid over one another (RFC 3711 section 4.1.1). */
function packetIv(salt: Buffer, ssrc: number, index: bigint): Buffer {
  const iv = Buffer.concat([salt, Buffer.alloc(2)]);
  const ssrcBytes = Buffer.alloc(4);
  ssrcBytes.writeUInt32BE(ssrc >>> 0);
  for (let i = 0; i < 4; i++) iv[4 + i]! ^= ssrcBytes[i]!;
  for (let i = 0; i < 6; i++) iv[8 + i]! ^= Number((index >> BigInt(8 * (5 - i))) & 0xffn);
  return iv;
}

const headerLength = (packet: Uint8Array) => {
  let length = 12 + (packet[0]! & 0x0f) * 4;
  if (packet[0]! & 0x10) length += 4 + ((packet[length + 2]! << 8) | packet[length + 3]!) * 4;
  return length;
};

/**
 * One direction of an SRTP stream (RFC 3711, AES_CM_128_HMAC_SHA1_80): `protect` encrypts and signs what we send,
 * `unprotect` checks and decrypts what comes in, following the rollover counter as sequence numbers wrap. A packet
 * that fails its check is refused: a spoofer without the key cannot speak into the call.
 */
export class SrtpContext {
  readonly #keys: ReturnType<typeof deriveSessionKeys>;
  /** Per SSRC: rollover counter and highest sequence seen (receiving), or sent (sending). */
  readonly #streams = new Map<number, { roc: number; seq: number }>();

  constructor(master: SrtpKey) {
    this.#keys = deriveSessionKeys(master);
  }

  protect(packet: Uint8Array): Buffer {
    const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
    const [seq, ssrc] = [view.getUint16(2), view.getUint32(8)];
    const stream = this.#streams.get(ssrc);
    const roc = stream && seq < stream.seq && stream.seq - seq > 0x8000 ? stream.roc + 1 : (stream?.roc ?? 0);
    this.#streams.set(ssrc, { roc, seq });
    const body = this.#crypt(packet, ssrc, BigInt(roc) * 65536n + BigInt(seq));
    return Buffer.concat([body, this.#tag(body, roc)]);
  }

  unprotect(packet: Uint8Array): Buffer {
    if (packet.length < 12 + TAG_BYTES) throw new CallcueError('srtp_invalid', 'SRTP packet too short.');
    const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
    const [seq, ssrc] = [view.getUint16(2), view.getUint32(8)];
    const stream = this.#streams.get(ssrc);
    const roc = stream ? estimateRoc(stream, seq) : 0;
    const body = packet.subarray(0, packet.length - TAG_BYTES);
    if (!timingSafeEqual(this.#tag(body, roc), packet.subarray(packet.length - TAG_BYTES))) throw new CallcueError('srtp_auth', 'SRTP packet failed its authentication check.');
    if (!stream || roc > stream.roc || (roc === stream.roc && seq > stream.seq)) this.#streams.set(ssrc, { roc, seq });
    return this.#crypt(body, ssrc, BigInt(roc) * 65536n + BigInt(seq));
  }

  #crypt(packet: Uint8Array, ssrc: number, index: bigint): Buffer {
    const header = headerLength(packet);
    if (header > packet.length) throw new CallcueError('srtp_invalid', 'SRTP packet shorter than its header.');
    return Buffer.concat([packet.subarray(0, header), aesCm(this.#keys.cipher, packetIv(this.#keys.salt, ssrc, index), packet.subarray(header))]);
  }

  #tag(body: Uint8Array, roc: number): Buffer {
    const rocBytes = Buffer.alloc(4);
    rocBytes.writeUInt32BE(roc >>> 0);
    return createHmac('sha1', this.#keys.auth).update(body).update(rocBytes).digest().subarray(0, TAG_BYTES);
  }
}

/** RFC 3711 section 3.3.1: the rollover counter a sequence number most likely belongs to. */
function estimateRoc(s: { roc: number; seq: number }, seq: number): number {
  if (s.seq < 0x8000) return seq - s.seq > 0x8000 ? s.roc - 1 : s.roc;
  return s.seq - 0x8000 > seq ? s.roc + 1 : s.roc;
}
