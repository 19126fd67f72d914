import fs from 'node:fs';
import path from 'node:path';
import type { Language } from '../brain/language.ts';
import { cacheDir } from '../base/paths.ts';
import type { TtsEngine } from './index.ts';
import { meloZhEn, meloFiles } from './melo.ts';
import { joeVoice, piperFiles } from './piper.ts';
import { speakSherpa, type SherpaModel } from './sherpa-voice.ts';
import { systemEngines, systemTts } from './system.ts';

/** Per language, what the bot speaks with: the neural voice (when installed) or the OS voice (espeak-ng on Linux). */
export type VoiceChoice = 'neural' | 'system';
export type NeuralVoices = Partial<Record<Language, SherpaModel>>;

/**
 * espeak-ng's data for Piper's phonemizer: CALLCUE_ESPEAK_DATA, else the system's. sherpa-onnx 1.13.8 (its own
 * espeak-ng fork) reads Debian 12's espeak-ng-data 1.51 as it is: Whisper base hears the Piper voice word for word
 * (test/tts/neural-voice.test.ts). Windows and macOS have no system copy: set-up must supply one there.
 */
export function espeakDataDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = env.CALLCUE_ESPEAK_DATA ? [env.CALLCUE_ESPEAK_DATA] : ['/usr/lib/x86_64-linux-gnu/espeak-ng-data', '/usr/lib/aarch64-linux-gnu/espeak-ng-data', '/usr/share/espeak-ng-data', '/usr/lib/espeak-ng-data', '/opt/homebrew/share/espeak-ng-data', '/usr/local/share/espeak-ng-data'];
  return candidates.find((d) => fs.existsSync(path.join(d, 'phontab'))) ?? null;
}

/** The Piper voice folder in `dir` (as set-up caches it) as sherpa's files. */
export function piperModel(dir: string, dataDir: string, label = 'Piper en_US-joe-medium'): SherpaModel {
  return { label, model: path.join(dir, piperFiles.model), tokens: path.join(dir, piperFiles.tokens), dataDir };
}

/** A MeloTTS zh_en folder as sherpa's files. */
export function meloModel(dir: string, label = 'MeloTTS zh_en'): SherpaModel {
  return { label, model: path.join(dir, meloFiles.model), tokens: path.join(dir, meloFiles.tokens), lexicon: path.join(dir, meloFiles.lexicon) };
}

/**
 * The neural voices installed: English from the Piper voice (models folder, else set-up's cache), Mandarin from
 * MeloTTS zh_en in the models folder (`callcue`-downloaded; a generated stand-in is never taken for it). `missing`
 * says, per language, why there is none.
 */
export function findNeuralVoices(modelsDir: string, env: NodeJS.ProcessEnv = process.env): { voices: NeuralVoices; missing: Partial<Record<Language, string>> } {
  const voices: NeuralVoices = {};
  const missing: Partial<Record<Language, string>> = {};
  const joe = [modelsDir, cacheDir(env)].map((d) => path.join(d, joeVoice.file)).find((d) => fs.existsSync(path.join(d, piperFiles.model)));
  const dataDir = espeakDataDir(env);
  if (!joe) missing.en = `the Piper voice (${joeVoice.file}) is not in ${modelsDir} or ${cacheDir(env)}`;
  else if (!dataDir) missing.en = "espeak-ng's data folder (for the Piper voice's phonemes) was not found; set CALLCUE_ESPEAK_DATA";
  else voices.en = piperModel(joe, dataDir);
  const melo = path.join(modelsDir, meloZhEn.dir);
  if (Object.values(meloFiles).every((f) => fs.existsSync(path.join(melo, f)))) voices['zh-CN'] = meloModel(melo);
  else missing['zh-CN'] = `MeloTTS zh_en is not in ${modelsDir}`;
  return { voices, missing };
}

/**
 * The bot's voice: per language the neural voice where it is chosen and installed, else the OS voice. A chosen neural
 * voice that is not installed costs one line through `warn` when the voice is made, not a failed call.
 */
export function botVoice(choice: Record<Language, VoiceChoice>, found: ReturnType<typeof findNeuralVoices>, o: { fallback?: TtsEngine; warn?: (line: string) => void } = {}): TtsEngine {
  const fallback = o.fallback ?? systemTts();
  const neural: NeuralVoices = {};
  for (const language of Object.keys(choice) as Language[]) {
    if (choice[language] !== 'neural') continue;
    const model = found.voices[language];
    if (model) neural[language] = model;
    else o.warn?.(`The neural ${language} voice is not installed (${found.missing[language] ?? 'not found'}); the bot speaks ${language} with ${fallback.name}.`);
  }
  const name = (Object.keys(choice) as Language[]).map((l) => `${l}: ${neural[l]?.label ?? fallback.name}`).join(', ');
  return {
    name,
    speak: (text, language, voice) => {
      const model = neural[language];
      return model ? speakSherpa(model, text, language, voice) : fallback.speak(text, language, voice);
    },
    threadVoice: (language) => {
      const model = neural[language];
      if (model) return { engine: 'sherpa-onnx', model };
      return systemEngines.includes(fallback) ? { engine: fallback.name } : undefined;
    },
  };
}
