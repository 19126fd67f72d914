/**
 * A neural voice on sherpa-onnx's offline TTS (VITS: Piper voices, MeloTTS). Loaded once per thread that speaks with
 * it (the voice thread, see voice-worker.ts) and kept: loading the 63 MB Piper voice took 1.2 s here, a line then
 * 0.14 s per second of speech on one thread.
 */
import fs from 'node:fs';
import type { OfflineTts } from 'sherpa-onnx-node';
import type { Language } from '../brain/language.ts';
import { CallcueError, errorMessage } from '../base/errors.ts';
import type { Speech, VoiceSettings } from './index.ts';

/** A VITS model folder's files, as sherpa's config names them; plain data, so it can be sent to the voice thread. */
export interface SherpaModel {
  /** What logs and the bench call it: "Piper en_US-joe-medium". */
  label: string;
  model: string;
  tokens: string;
  /** MeloTTS: words to phones and tones. */
  lexicon?: string;
  /** Piper: espeak-ng's data folder, for its phonemizer. */
  dataDir?: string;
}

const loaded = new Map<string, Promise<OfflineTts>>();

/** The model, loaded on first use in this thread. Its files are checked first: sherpa exits the process on a missing one. */
export function loadSherpa(m: SherpaModel): Promise<OfflineTts> {
  const key = JSON.stringify(m);
  let tts = loaded.get(key);
  if (!tts) {
    tts = (async () => {
      for (const file of [m.model, m.tokens, m.lexicon, m.dataDir]) if (file && !fs.existsSync(file)) throw new CallcueError('no_model', `${m.label}: ${file} is missing.`);
      const { default: sherpa } = await import('sherpa-onnx-node');
      // One thread: the voice shares the CPU with the recognisers and the other calls' lines.
      const vits = { model: m.model, tokens: m.tokens, ...(m.lexicon && { lexicon: m.lexicon }), ...(m.dataDir && { dataDir: m.dataDir }) };
      return sherpa.OfflineTts.createAsync({ model: { vits, numThreads: 1, debug: false }, maxNumSentences: 1 });
    })();
    loaded.set(key, tts);
    // A failed load is not remembered: the next line tries again.
    tts.catch(() => loaded.delete(key));
  }
  return tts;
}

/**
 * Pitch range of the setting's -1..1, in semitones. A VITS voice has no pitch control, so the line is synthesised
 * slower by the pitch factor and played faster by as much (its sample rate relabelled): the duration stays, the pitch
 * moves, and the formants move with it. Within ±3 semitones it still sounds like the same speaker.
 */
const PITCH_SEMITONES = 3;

/** A line in the model's voice: rate as sherpa's speed, pitch as above, volume as a gain. */
export async function speakSherpa(m: SherpaModel, text: string, _language: Language, voice: VoiceSettings): Promise<Speech> {
  const tts = await loadSherpa(m);
  const pitch = 2 ** ((PITCH_SEMITONES * voice.pitch) / 12);
  let audio;
  try {
    audio = await tts.generateAsync({ text, sid: 0, speed: voice.rate / pitch });
  } catch (error) {
    throw new CallcueError('tts_failed', `${m.label} failed: ${errorMessage(error)}`);
  }
  const samples = new Int16Array(audio.samples.length);
  for (let i = 0; i < samples.length; i++) samples[i] = Math.max(-32768, Math.min(32767, Math.round(audio.samples[i]! * voice.volume * 32767)));
  return { sampleRate: Math.round(audio.sampleRate * pitch), samples };
}
