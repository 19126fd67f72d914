import { sequenceDelta, type RtpPacket } from './rtp.ts';

/** RFC 3550 appendix A.1: packets this far behind or ahead are not late or lost, the sender started a new sequence. */
const MAX_MISORDER = 100;
const MAX_DROPOUT = 3000;

/**
 * Reorders incoming RTP by sequence number and releases one packet per 20 ms tick after a fixed delay, so packets that
 * arrive late or out of order still play in order. Duplicates and packets older than what has been played are dropped;
 * a packet missing at its turn is reported as lost (the caller plays silence for it). A sender that jumps to a new
 * sequence (a restarted stream, a replayed recording) is followed once two packets in a row confirm the jump.
 */
export class JitterBuffer {
  readonly #depth: number;
  readonly #packets = new Map<number, RtpPacket>();
  #next: number | undefined;
  #started = false;
  /** The sequence a jump would continue with: when it comes next, the jump is real. */
  #probation: number | undefined;
  readonly stats = { received: 0, played: 0, lost: 0, late: 0, duplicate: 0, restarts: 0 };

  /** `depth`: packets held before playing starts (3 = 60 ms at 20 ms a packet). */
  constructor(depth = 3) {
    this.#depth = depth;
  }

  push(packet: RtpPacket): void {
    this.stats.received++;
    const delta = this.#next === undefined ? 0 : sequenceDelta(this.#next, packet.sequence);
    if (delta < -MAX_MISORDER || delta > MAX_DROPOUT) {
      if (this.#probation !== packet.sequence) {
        this.#probation = (packet.sequence + 1) & 0xffff;
        return;
      }
      this.stats.restarts++;
      this.#packets.clear();
      this.#next = packet.sequence;
    } else if (delta < 0) {
      this.stats.late++;
      return;
    }
    this.#probation = undefined;
    if (this.#packets.has(packet.sequence)) {
      this.stats.duplicate++;
      return;
    }
    this.#packets.set(packet.sequence, packet);
    if (this.#next === undefined || sequenceDelta(this.#next, packet.sequence) < 0) this.#next = packet.sequence;
  }

  /** The next packet in order, `'lost'` for a gap, or undefined while filling up or when empty. */
  pop(): RtpPacket | 'lost' | undefined {
    if (this.#next === undefined) return undefined;
    if (!this.#started) {
      if (this.#packets.size < this.#depth) return undefined;
      this.#started = true;
    }
    if (this.#packets.size === 0) return undefined;
    const packet = this.#packets.get(this.#next);
    this.#next = (this.#next + 1) & 0xffff;
    if (!packet) {
      this.stats.lost++;
      return 'lost';
    }
    this.#packets.delete(packet.sequence);
    this.stats.played++;
    return packet;
  }
}
