import { SAMPLE_RATE, type AudioSource } from '../audio/frames.ts';
import type { TranscriptEvent } from '../asr/types.ts';
import { BeepDetector } from './beep.ts';
import type { BotEvent } from './bot-turns.ts';
import { CallcueError } from '../base/errors.ts';
import { AnsweringMachineDetector, voicemailMessage, type AmdReport, type VoicemailPolicy } from './voicemail.ts';

/** The campaign's voicemail setting: leaving a message needs a number to call back (the message names it). */
export interface VoicemailOptions {
  policy: VoicemailPolicy;
  callbackNumber?: string;
}

/**
 * The campaign's setting from what the operator chose: the message names the number to call back, so leaving one
 * needs it; with a number the default is to leave the message, without one to hang up.
 */
export function voicemailSetting(policy: VoicemailPolicy | undefined, callbackNumber: string | undefined): VoicemailOptions {
  if (policy === 'leave_message' && !callbackNumber) throw new CallcueError('usage', 'Leaving a message on answering machines needs a callback number: the message tells the callee which number to call back.', { key: 'campaign.errors.callbackNumber', field: 'callbackNumber' });
  return callbackNumber && policy !== 'hang_up' ? { policy: 'leave_message', callbackNumber } : { policy: 'hang_up' };
}

/**
 * Screens one answered call for an answering machine: the callee's audio passes through on its way to the hearing
 * and feeds the beep detector and the detector's clock; the hearing's events feed its voice activity and words. What
 * it finds goes to the bot's turn-taking: VOICEMAIL (with the message when the policy leaves one), then BEEP or
 * NO_BEEP, or PICKED_UP when a person answers over their machine.
 */
export function screenForMachine(
  source: AudioSource,
  o: { voicemail?: VoicemailOptions; language: 'en' | 'zh-CN'; company: string; send: (event: BotEvent) => void; prepare: (text: string) => void },
): { audio: AudioSource; hear: (e: TranscriptEvent) => void; detail: () => string | undefined } {
  const message = o.voicemail?.policy === 'leave_message' && o.voicemail.callbackNumber ? voicemailMessage(o.language, { company: o.company, callbackNumber: o.voicemail.callbackNumber }) : undefined;
  const found: string[] = [];
  const amd = new AnsweringMachineDetector((r: AmdReport) => {
    found.push(describe(r));
    if (r.type === 'machine') {
      // Synthesised while the greeting plays, so the message starts the moment the beep ends.
      if (message) o.prepare(message);
      o.send({ type: 'VOICEMAIL', message });
    } else if (r.type === 'beep') o.send({ type: 'BEEP' });
    else if (r.type === 'no_beep') o.send({ type: 'NO_BEEP' });
    else if (r.why === 'picked_up') o.send({ type: 'PICKED_UP' });
  });
  // The detector's clock is time since the answer. A line's audio clock starts at the far end's first packet, which a
  // phone that sends nothing until it speaks delays: audio times are moved by that delay, taken at the first frame.
  const answeredAt = performance.now();
  let offset: number | undefined;
  const beeps = new BeepDetector(SAMPLE_RATE);
  let now = 0;
  const audio: AudioSource = {
    channels: source.channels,
    close: () => source.close(),
    async *[Symbol.asyncIterator]() {
      for await (const frame of source) {
        offset ??= performance.now() - answeredAt - frame.t;
        now = frame.t + offset;
        const tone = beeps.push(frame.samples, now);
        if (tone) amd.tone(tone);
        amd.clock(now + (frame.samples.length / SAMPLE_RATE) * 1000);
        yield frame;
      }
    },
  };
  return {
    audio,
    hear: (e) => {
      if (e.type === 'speech_start') amd.speechStart(e.t + (offset ?? 0));
      else if (e.type === 'speech_end') amd.speechEnd(e.t + (offset ?? 0));
      // Words come after the audio they are about: judged at the audio clock's now, within the decision window.
      else if (e.type === 'partial' || e.type === 'final') amd.words(e.text, now);
    },
    detail: () => (found.some((f) => f.startsWith('machine')) ? found.join('; ') : undefined),
  };
}

function describe(r: AmdReport): string {
  if (r.type === 'beep') return `beep ${r.tone.hz} Hz ${Math.round(r.tone.startMs)}-${Math.round(r.tone.endMs)} ms`;
  if (r.type === 'no_beep') return `no beep by ${Math.round(r.at)} ms`;
  return `${r.type} (${r.why}) at ${Math.round(r.at)} ms`;
}
