/**
 * The SenseVoice process: loads sherpa-onnx's SenseVoice-Small export (model.int8.onnx + tokens.txt) once and
 * transcribes utterances sent to it, decoding on sherpa's own thread pool. Apart from the app, like the Whisper
 * process, so that a native crash never takes the app down. Protocol: worker-engine.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import sherpa, { type OfflineRecognizer } from 'sherpa-onnx-node';
import { serveRequests } from './worker-channel.ts';

type Request = { type: 'load'; dir: string; threads: number; languages: string[] } | { type: 'transcribe'; id: number; pcm: Float32Array; language: string };

/** The languages CallCue asks for, as SenseVoice names them ('auto': its own language identification). */
const hints: Record<string, string> = { zh: 'zh', en: 'en', auto: 'auto' };
/** What SenseVoice can say it heard (its language token), as CallCue's language codes. */
const heard = new Set(['zh', 'en', 'yue', 'ja', 'ko']);

let settings: { dir: string; threads: number } | undefined;
/**
 * One recogniser per language hint. sherpa-onnx fixes the hint when a recogniser is made; its setConfig would change
 * it, but also resets the feature settings SenseVoice needs (raw-scale samples, Hamming window) to the defaults.
 * A call uses one hint, so one recogniser (about 300 MB) is loaded; another hint costs another.
 */
const recognisers = new Map<string, Promise<OfflineRecognizer>>();

function recogniser(hint: string): Promise<OfflineRecognizer> {
  let r = recognisers.get(hint);
  if (!r) {
    const { dir, threads } = settings!;
    r = sherpa.OfflineRecognizer.createAsync({
      featConfig: { sampleRate: 16000, featureDim: 80 },
      // Inverse text normalisation on: "九点" comes out as "9点", as reps read it.
      modelConfig: { senseVoice: { model: path.join(dir, 'model.int8.onnx'), language: hint, useInverseTextNormalization: 1 }, tokens: path.join(dir, 'tokens.txt'), numThreads: threads, debug: 0 },
    });
    recognisers.set(hint, r);
    // A failed load is not remembered: the next utterance tries again.
    r.catch(() => recognisers.delete(hint));
  }
  return r;
}

const send = serveRequests<Request>(handle);

async function handle(request: Request): Promise<void> {
  if (request.type === 'load') {
    const started = performance.now();
    try {
      for (const f of ['model.int8.onnx', 'tokens.txt']) if (!fs.existsSync(path.join(request.dir, f))) throw new Error(`${f} is missing in ${request.dir}`);
      settings = { dir: request.dir, threads: request.threads };
      await Promise.all(request.languages.map((l) => recogniser(hints[l] ?? 'auto')));
      send({ type: 'ready', loadMs: Math.round(performance.now() - started) });
    } catch (error) {
      send({ type: 'load_failed', message: error instanceof Error ? error.message : String(error) });
    }
    return;
  }
  const started = performance.now();
  try {
    const r = await recogniser(hints[request.language] ?? 'auto');
    const stream = r.createStream();
    stream.acceptWaveform({ samples: request.pcm, sampleRate: 16000 });
    const result = await r.decodeAsync(stream);
    const lang = /^<\|(\w+)\|>$/.exec(result.lang)?.[1] ?? '';
    // sherpa drops the four leading special tokens; any others (a second language tag) are not words.
    const text = result.text.replace(/<\|[^|]*\|>/g, '').trim();
    send({
      type: 'result',
      id: request.id,
      text,
      language: heard.has(lang) ? lang : request.language,
      // sherpa-onnx keeps no probabilities for SenseVoice (greedy CTC, ys_log_probs empty). SenseVoice does say when it
      // heard no speech (<|nospeech|>): that is 0, so the listener drops it; any recognised text is 1.
      prob: lang === 'nospeech' || !text ? 0 : 1,
      ms: Math.round(performance.now() - started),
    });
  } catch (error) {
    send({ type: 'failed', id: request.id, message: error instanceof Error ? error.message : String(error) });
  }
}
