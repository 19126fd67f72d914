/**
 * G.711 (ITU-T), the codec every PBX speaks: 8 kHz, one byte per sample, μ-law (PCMU, payload type 0) in North
 * America and Japan, A-law (PCMA, 8) elsewhere. The reference algorithm (Sun's g711.c) on 16-bit samples rounded to
 * 14 (μ-law) or 13 (A-law) bits, as sox codes them (byte for byte: test/telephony/media.test.ts).
 */
const BIAS = 0x84;
const U_SEGMENTS = [0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff, 0x1fff];
const A_SEGMENTS = [0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff];

/** 16-bit sample to `bits` bits, rounded to nearest (as sox does; plain truncation biases quiet negative samples). */
const narrow = (sample: number, shift: number) => Math.max(-(1 << (15 - shift)), Math.min((1 << (15 - shift)) - 1, (sample + (1 << (shift - 1))) >> shift));

export function linearToUlaw(sample: number): number {
  let pcm = narrow(sample, 2);
  let mask = 0xff;
  if (pcm < 0) {
    pcm = -pcm;
    mask = 0x7f;
  }
  pcm = Math.min(pcm, 8159) + (BIAS >> 2);
  const segment = U_SEGMENTS.findIndex((end) => pcm <= end);
  if (segment < 0) return 0x7f ^ mask;
  return ((segment << 4) | ((pcm >> (segment + 1)) & 0x0f)) ^ mask;
}

export function ulawToLinear(code: number): number {
  const u = ~code & 0xff;
  const magnitude = ((((u & 0x0f) << 3) + BIAS) << ((u & 0x70) >> 4)) - BIAS;
  return u & 0x80 ? -magnitude : magnitude;
}

export function linearToAlaw(sample: number): number {
  let pcm = narrow(sample, 3);
  let mask = 0xd5;
  if (pcm < 0) {
    mask = 0x55;
    pcm = -pcm - 1;
  }
  const segment = A_SEGMENTS.findIndex((end) => pcm <= end);
  if (segment < 0) return 0x7f ^ mask;
  const value = (segment << 4) | ((segment < 2 ? pcm >> 1 : pcm >> segment) & 0x0f);
  return value ^ mask;
}

export function alawToLinear(code: number): number {
  const a = code ^ 0x55;
  let t = (a & 0x0f) << 4;
  const segment = (a & 0x70) >> 4;
  if (segment === 0) t += 8;
  else {
    t += 0x108;
    if (segment > 1) t <<= segment - 1;
  }
  return a & 0x80 ? t : -t;
}

export type G711Law = 'pcmu' | 'pcma';
export const payloadTypeOf: Record<G711Law, number> = { pcmu: 0, pcma: 8 };

const decodeTables: Record<G711Law, Int16Array> = {
  pcmu: Int16Array.from({ length: 256 }, (_, i) => ulawToLinear(i)),
  pcma: Int16Array.from({ length: 256 }, (_, i) => alawToLinear(i)),
};

export function encodeG711(law: G711Law, samples: Int16Array): Uint8Array {
  const encode = law === 'pcmu' ? linearToUlaw : linearToAlaw;
  return Uint8Array.from(samples, (s) => encode(s));
}

export function decodeG711(law: G711Law, bytes: Uint8Array): Int16Array {
  const table = decodeTables[law];
  return Int16Array.from(bytes, (b) => table[b]!);
}
