import { espeakVoice } from './espeak.ts';
import type { TtsEngine } from './index.ts';
import { macVoice } from './mac-say.ts';
import { windowsVoice } from './windows-sapi.ts';

/** The OS's own voices, which the voice thread can run itself (a custom engine is a function it cannot be sent). */
export const systemEngines: readonly TtsEngine[] = [espeakVoice, macVoice, windowsVoice];

/** The OS's own voices: espeak-ng on Linux, System.Speech (SAPI) on Windows, `say` on macOS. */
export function systemTts(platform: NodeJS.Platform = process.platform): TtsEngine {
  return platform === 'win32' ? windowsVoice : platform === 'darwin' ? macVoice : espeakVoice;
}
