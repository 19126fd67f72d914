import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lastWindow, logMelFeatures, SAMPLE_RATE } from '../../main/asr/smart-turn/features.ts';
import { SmartTurn, smartTurnModel } from '../../main/asr/smart-turn/index.ts';
import { ensurePypiAsset, numpyPath, smartTurnFeaturesPy } from '../fixtures/pypi-assets.ts';
import { repoRoot } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';

const shared = path.join(repoRoot, '..', 'shared', 'audio');
const model = ensurePypiAsset(smartTurnModel);
const reference = ensurePypiAsset(smartTurnFeaturesPy);
const numpy = numpyPath();
const skipModel = 'skipped' in model ? model.skipped : !fs.existsSync(shared) ? `no real speech clips (${shared})` : undefined;
const skipReference = skipModel ?? ('skipped' in reference ? reference.skipped : 'skipped' in numpy ? numpy.skipped : undefined);
if (skipModel) console.info(`Skipping the Smart Turn model tests: ${skipModel}`);
if (skipReference) console.info(`Skipping the Smart Turn feature comparison: ${skipReference}`);

/** A clip as 16 kHz mono float samples (sox decodes and resamples). */
function samples(file: string): Float32Array {
  const raw = execFileSync('sox', [file, '-r', String(SAMPLE_RATE), '-c', '1', '-t', 'f32', '-']);
  return new Float32Array(raw.buffer, raw.byteOffset, raw.length / 4);
}

describe.skipIf(Boolean(skipReference))('Smart Turn features against pipecat’s NumPy reference', () => {
  it.each(['jfk.wav', 'kaifang-zh.wav', 'wenet_aishell-BAC009S0724W0121.wav'])('%s: the same log-mel features', (clip) => {
    const dir = tempDir();
    const window = lastWindow(samples(path.join(shared, clip)));
    fs.writeFileSync(path.join(dir, 'in.f32'), window);
    const script = `import sys, numpy as np, importlib.util
spec = importlib.util.spec_from_file_location('wf', sys.argv[1]); wf = importlib.util.module_from_spec(spec); spec.loader.exec_module(wf)
audio = np.fromfile(sys.argv[2], dtype=np.float32)
wf.compute_whisper_log_mel_features(audio, do_normalize=True).astype(np.float32).tofile(sys.argv[3])`;
    execFileSync('python3', ['-c', script, (reference as { path: string }).path, path.join(dir, 'in.f32'), path.join(dir, 'out.f32')], { env: { ...process.env, PYTHONPATH: (numpy as { path: string }).path } });
    const theirs = new Float32Array(fs.readFileSync(path.join(dir, 'out.f32')).buffer.slice(0));
    const ours = logMelFeatures(window);
    expect(ours.length).toBe(theirs.length);
    const maxDiff = ours.reduce((max, v, i) => Math.max(max, Math.abs(v - theirs[i]!)), 0);
    console.info(`Smart Turn features, ${clip}: max abs diff from the NumPy reference ${maxDiff.toExponential(2)} over ${ours.length} values`);
    expect(maxDiff).toBeLessThan(1e-4);
  });
});

describe.skipIf(Boolean(skipModel))('Smart Turn v3.2 on real speech', () => {
  it('a finished sentence is finished; the same speaker paused mid-sentence is not', async () => {
    const smartTurn = await SmartTurn.load((model as { path: string }).path);
    // "And so my fellow Americans, ask not what your country can do for you, ask what you can do for your country."
    const jfk = samples(path.join(shared, 'jfk.wav'));
    const at = (seconds: number) => smartTurn.finished(jfk.subarray(0, seconds * SAMPLE_RATE));
    // Mid-sentence: after "ask not what your country" (4 s) and after "...can do for you, ask what" (7 s).
    const [mid1, mid2, end] = [await at(4), await at(7), await at(11)];
    console.info(`Smart Turn on jfk.wav: P(finished) mid-sentence ${mid1.toFixed(3)}, ${mid2.toFixed(3)}; at the end ${end.toFixed(3)}`);
    expect(mid1).toBeLessThan(0.5);
    expect(mid2).toBeLessThan(0.5);
    expect(end).toBeGreaterThan(0.5);
  });
});
