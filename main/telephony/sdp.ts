import { CallcueError } from '../base/errors.ts';
import type { G711Law } from './g711.ts';
import { parseSdesInline, sdesInline, SRTP_SUITE, type SrtpKey } from './srtp.ts';

/**
 * Our audio offer: G.711 μ-law and A-law at 20 ms, and RFC 4733 telephone events (payload type 101). With `srtp`,
 * as SRTP keyed by SDES (RFC 4568): only sensible over TLS signalling, where the key is not sent in the clear.
 */
export function sdpOffer(o: { host: string; port: number; sessionId: number; srtp?: SrtpKey }): string {
  return [
    'v=0',
    `o=callcue ${o.sessionId} ${o.sessionId} IN IP4 ${o.host}`,
    's=CallCue',
    `c=IN IP4 ${o.host}`,
    't=0 0',
    `m=audio ${o.port} RTP/${o.srtp ? 'SAVP' : 'AVP'} 0 8 101`,
    ...(o.srtp ? [`a=crypto:1 ${SRTP_SUITE} inline:${sdesInline(o.srtp)}`] : []),
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:8 PCMA/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=fmtp:101 0-15',
    'a=ptime:20',
    'a=sendrecv',
    '',
  ].join('\r\n');
}

export interface MediaAnswer {
  host: string;
  port: number;
  law: G711Law;
  /** Payload type of telephone events, when the far end takes them. */
  dtmf?: number;
  /** Hold: the far end sends nothing (sendonly/inactive on its side means we should not expect audio). */
  direction: 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';
  /** The far end's SRTP master key, when the answer is SRTP. */
  srtp?: SrtpKey;
}

/**
 * What the far end chose: where to send RTP, which G.711 law, and its telephone-event payload type. An answer we
 * cannot use (audio declined with port 0, no IPv4 address for it, no G.711) is one `sdp_*` error for that call.
 */
export function parseSdpAnswer(sdp: string): MediaAnswer {
  const lines = sdp.split(/\r?\n/);
  const media = lines.findIndex((l) => l.startsWith('m=audio '));
  if (media < 0) throw new CallcueError('sdp_no_audio', 'The far end answered without an audio stream.');
  const [, port, profile, ...formats] = lines[media]!.split(' ');
  // RFC 3264 section 6: port 0 declines the stream.
  if (!/^\d+$/.test(port ?? '') || Number(port) === 0 || Number(port) > 65535) throw new CallcueError('sdp_declined', `The far end declined the audio stream (port ${port}).`);
  // A media-level c= line wins over the session-level one (RFC 4566 section 5.7).
  const end = lines.findIndex((l, i) => i > media && l.startsWith('m='));
  const connection = [...lines.slice(media, end < 0 ? undefined : end), ...lines.slice(0, media)].find((l) => l.startsWith('c='));
  const address = /^c=IN IP4 (\d{1,3}(?:\.\d{1,3}){3})\s*$/.exec(connection ?? '')?.[1];
  if (!address) throw new CallcueError('sdp_no_address', connection ? `The far end answered with a media address CallCue's IPv4 line cannot reach ("${connection.trim()}").` : 'The far end answered without a media address.');
  const codec = formats.map(Number).find((pt) => pt === 0 || pt === 8);
  if (codec === undefined) throw new CallcueError('sdp_no_codec', `The far end offers no G.711 audio (payload types ${formats.join(' ')}).`);
  const dtmf = lines.map((l) => /^a=rtpmap:(\d+) telephone-event\/8000/i.exec(l)).find(Boolean)?.[1];
  const direction = (lines.slice(media).find((l) => /^a=(sendrecv|sendonly|recvonly|inactive)$/.test(l))?.slice(2) ?? 'sendrecv') as MediaAnswer['direction'];
  return { host: address, port: Number(port), law: codec === 0 ? 'pcmu' : 'pcma', dtmf: dtmf ? Number(dtmf) : undefined, direction, srtp: srtpAnswer(profile, lines.slice(media)) };
}

/** The answer's SDES key for our suite; an SRTP answer without one we can use is an error, not plain audio. */
function srtpAnswer(profile: string | undefined, mediaLines: string[]): SrtpKey | undefined {
  if (profile !== 'RTP/SAVP') return undefined;
  const inline = mediaLines.map((l) => new RegExp(`^a=crypto:\\d+ ${SRTP_SUITE} inline:(\\S+)`).exec(l)?.[1]).find(Boolean);
  if (!inline) throw new CallcueError('sdp_bad_crypto', `The far end answered SRTP without a ${SRTP_SUITE} key.`);
  return parseSdesInline(inline);
}
