import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveSessionKeys, newSrtpKey, parseSdesInline, sdesInline, SrtpContext } from '../../main/telephony/srtp.ts';
import { parseRtp, serializeRtp } from '../../main/telephony/rtp.ts';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');

describe('SRTP (RFC 3711)', () => {
  it('derives the session keys of the RFC 3711 appendix B.3 test vector', () => {
    const keys = deriveSessionKeys({ key: hex('E1F97A0D3E018BE0D64FA32C06DE4139'), salt: hex('0EC675AD498AFEEBB6960B3AABE6') });
    expect(keys.cipher.toString('hex')).toBe('c61e7a93744f39ee10734afe3ff7a087');
    expect(keys.salt.toString('hex')).toBe('30cbbc08863d8c85d49db34a9ae1');
    expect(keys.auth.toString('hex')).toBe('cebe321f6ff7716b6fd4ab49af256a156d38baa4');
  });

  it('AES counter mode gives the keystream of appendix B.2', () => {
    // Session salt F0..FD with SSRC, ROC and sequence 0: the IV is the salt followed by two zero bytes.
    const iv = Buffer.concat([hex('F0F1F2F3F4F5F6F7F8F9FAFBFCFD'), Buffer.alloc(2)]);
    const stream = createCipheriv('aes-128-ctr', hex('2B7E151628AED2A6ABF7158809CF4F3C'), iv).update(Buffer.alloc(48));
    expect(stream.toString('hex')).toBe('e03ead0935c95e80e166b16dd92b4eb4d23513162b02d0f72a43a2fe4a5f97ab41e95b3bb0a2e8dd477901e4fca894c0');
  });

  it('protects and unprotects across the sequence wrap; a changed byte or another key is refused', () => {
    const master = newSrtpKey();
    expect(parseSdesInline(sdesInline(master))).toEqual(master);
    const [sender, receiver, stranger] = [new SrtpContext(master), new SrtpContext(master), new SrtpContext(newSrtpKey())];
    for (const sequence of [65533, 65534, 65535, 0, 1, 2]) {
      const payload = Uint8Array.from({ length: 160 }, (_, i) => (i * sequence) & 0xff);
      const plain = serializeRtp({ payloadType: 0, marker: false, sequence, timestamp: sequence * 160, ssrc: 0x1234, payload });
      const secret = sender.protect(plain);
      expect(secret.length).toBe(plain.length + 10);
      expect(secret.subarray(12, 172).equals(Buffer.from(payload))).toBe(false);
      expect(Buffer.from(parseRtp(receiver.unprotect(secret)).payload).equals(Buffer.from(payload))).toBe(true);
      const tampered = Buffer.from(secret);
      tampered[20]! ^= 1;
      expect(() => receiver.unprotect(tampered)).toThrow(/authentication/);
      expect(() => receiver.unprotect(stranger.protect(plain))).toThrow(/authentication/);
    }
  });
});
