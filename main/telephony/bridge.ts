import type { RtpSession } from './rtp-session.ts';

/**
 * Two calls' audio relayed both ways (a warm transfer on a PBX that does not do it for us): each 20 ms packet one
 * call hears (decoded, after its jitter buffer) goes out on the other call on that call's own clock, sequence and
 * timestamps, in that call's codec. G.711 both sides, 8 kHz, 160 samples a packet: the payload clock is the same on
 * both legs, so a packet in is a packet out and no resampling happens. Whatever either call was saying is dropped.
 * Returns the function that takes the bridge down (the calls themselves stay up).
 */
export function bridge(a: RtpSession, b: RtpSession): () => void {
  const toB = (samples: Int16Array) => b.relay(samples);
  const toA = (samples: Int16Array) => a.relay(samples);
  a.stopSpeaking();
  b.stopSpeaking();
  a.on('heard', toB);
  b.on('heard', toA);
  return () => {
    a.off('heard', toB);
    b.off('heard', toA);
  };
}
