/**
 * RFC 4733 telephone events (DTMF over RTP): digits 0-9, * and #. An event is sent as several packets with the same
 * RTP timestamp and a growing duration; the last three carry the end bit.
 */
const EVENTS = '0123456789*#';

export interface DtmfEvent {
  digit: string;
  end: boolean;
  volume: number;
  /** In RTP timestamp units (8 kHz: 160 per 20 ms). */
  duration: number;
}

export function parseDtmf(payload: Uint8Array): DtmfEvent | undefined {
  if (payload.length < 4 || payload[0]! >= EVENTS.length) return undefined;
  return { digit: EVENTS[payload[0]!]!, end: (payload[1]! & 0x80) !== 0, volume: payload[1]! & 0x3f, duration: (payload[2]! << 8) | payload[3]! };
}

export function buildDtmf(event: DtmfEvent): Uint8Array {
  const code = EVENTS.indexOf(event.digit);
  if (code < 0) throw new RangeError(`Not a DTMF digit: ${event.digit}`);
  return Uint8Array.of(code, (event.end ? 0x80 : 0) | (event.volume & 0x3f), (event.duration >> 8) & 0xff, event.duration & 0xff);
}

/** Turns a stream of telephone-event packets into digits, once each (an event is known by its RTP timestamp). */
export class DtmfReceiver {
  #last: number | undefined;

  /** The digit pressed, the first time a packet of a new event arrives. */
  receive(timestamp: number, payload: Uint8Array): string | undefined {
    const event = parseDtmf(payload);
    if (!event || timestamp === this.#last) return undefined;
    this.#last = timestamp;
    return event.digit;
  }
}
