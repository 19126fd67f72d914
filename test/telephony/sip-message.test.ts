import { describe, expect, it } from 'vitest';
import { digestAuthorization, parseChallenge } from '../../main/telephony/sip/digest.ts';
import { addressUri, cseq, header, param, parseSip, serializeSip } from '../../main/telephony/sip/message.ts';
import { parseSdpAnswer, sdpOffer } from '../../main/telephony/sdp.ts';

describe('SIP messages', () => {
  it('reads compact and folded headers, and writes what it reads', () => {
    const text = ['SIP/2.0 200 OK', 'v: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1;rport', 'f: "Ann" <sip:ann@pbx>;tag=a1', 't: <sip:bob@pbx>;tag=b2', 'i: abc@host', 'CSeq: 7 INVITE', 'Record-Route: <sip:p1;lr>,', ' <sip:p2;lr>', 'm: <sip:bob@10.0.0.2:5070>', 'l: 4', '', 'v=0\r'].join('\r\n');
    const m = parseSip(text);
    expect(m).toMatchObject({ status: 200, reason: 'OK', body: 'v=0\r' });
    expect(param(header(m, 'from'), 'tag')).toBe('a1');
    expect(addressUri(header(m, 'contact'))).toBe('sip:bob@10.0.0.2:5070');
    expect(header(m, 'record-route')).toBe('<sip:p1;lr>, <sip:p2;lr>');
    expect(cseq(m)).toEqual({ seq: 7, method: 'INVITE' });
    expect(parseSip(serializeSip(m))).toEqual(m);
  });

  it.each(['', 'HELLO', 'INVITE sip:x SIP/2.0\r\nno colon here\r\n\r\n'])('rejects %j with one clear error', (text) => {
    expect(() => parseSip(text)).toThrow(/Not a SIP message|Bad SIP header line/);
  });

  it('answers a digest challenge as RFC 2617 computes it', () => {
    const challenge = 'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"';
    expect(parseChallenge(challenge)).toMatchObject({ realm: 'testrealm@host.com', qop: 'auth,auth-int' });
    const answer = digestAuthorization({ challenge, method: 'GET', uri: '/dir/index.html', username: 'Mufasa', password: 'Circle Of Life', cnonce: '0a4f113b' });
    expect(answer).toContain('response="6629fae49393a05397450978507c4ef1"');
    expect(answer).toContain('qop=auth, nc=00000001, cnonce="0a4f113b"');
    expect(() => parseChallenge('Basic realm="x"')).toThrow(/authentication scheme CallCue does not speak: Basic/);
  });
});

describe('SDP', () => {
  it('offers G.711 and telephone events; reads the far end’s choice, hold included', () => {
    expect(sdpOffer({ host: '10.0.0.5', port: 4000, sessionId: 9 })).toContain('m=audio 4000 RTP/AVP 0 8 101');
    const answer = ['v=0', 'o=- 1 1 IN IP4 10.0.0.9', 's=-', 'c=IN IP4 10.0.0.9', 't=0 0', 'm=audio 5004 RTP/AVP 8 101', 'a=rtpmap:8 PCMA/8000', 'a=rtpmap:101 telephone-event/8000', 'a=sendonly'].join('\r\n');
    expect(parseSdpAnswer(answer)).toEqual({ host: '10.0.0.9', port: 5004, law: 'pcma', dtmf: 101, direction: 'sendonly' });
    expect(() => parseSdpAnswer('v=0\r\nc=IN IP4 10.0.0.9\r\nm=audio 5004 RTP/AVP 9\r\n')).toThrow(/no G.711 audio/);
    expect(() => parseSdpAnswer('v=0\r\n')).toThrow(/without an audio stream/);
  });

  it('an answer CallCue cannot use is one error for that call: audio declined, IPv6 only, no address', () => {
    const answer = (c: string, m = 'm=audio 5004 RTP/AVP 0') => ['v=0', 'o=- 1 1 IN IP4 10.0.0.9', 's=-', c, 't=0 0', m].filter(Boolean).join('\r\n');
    expect(() => parseSdpAnswer(answer('c=IN IP4 10.0.0.9', 'm=audio 0 RTP/AVP 0'))).toThrow(expect.objectContaining({ code: 'sdp_declined' }));
    expect(() => parseSdpAnswer(answer('c=IN IP6 2001:db8::1'))).toThrow(expect.objectContaining({ code: 'sdp_no_address', message: expect.stringContaining('IN IP6 2001:db8::1') }));
    expect(() => parseSdpAnswer(answer(''))).toThrow(expect.objectContaining({ code: 'sdp_no_address' }));
    // A media-level address wins over the session's.
    expect(parseSdpAnswer(answer('c=IN IP6 ::1', 'm=audio 5004 RTP/AVP 0\r\nc=IN IP4 10.0.0.7')).host).toBe('10.0.0.7');
  });
});
