/**
 * The Whisper process: loads a ggml model once with smart-whisper (whisper.cpp) and transcribes utterances sent to
 * it. Runs apart from the app so that a native crash or a long decode never takes the app down.
 * Protocol: {type:'load'} -> {type:'ready'}; {type:'transcribe', id} -> {type:'result', id} | {type:'failed', id}.
 */
import type { WhisperModel } from 'smart-whisper';
import { toSimplified } from './simplified.ts';
import { loadWhisperBinding } from './whisper-binding.ts';
import { serveRequests } from './worker-channel.ts';

type Request =
  | { type: 'load'; model: string; gpu: boolean; threads: number; maxTokens: number; minAudioCtx: number; fallback: boolean; root?: string; cpu?: string }
  | { type: 'transcribe'; id: number; pcm: Float32Array; language: string; prompt: string; beamSize: number; draft: boolean };

let model: WhisperModel | undefined;
let binding: Awaited<ReturnType<typeof loadWhisperBinding>>['binding'] | undefined;
let settings = { threads: 2, maxTokens: 0, minAudioCtx: 512, fallback: true };
const send = serveRequests<Request>(handle);

async function handle(request: Request): Promise<void> {
  if (request.type === 'load') {
    const started = performance.now();
    try {
      const loaded = await loadWhisperBinding(request.root, request.cpu);
      binding = loaded.binding;
      model = await binding.WhisperModel.load(request.model, request.gpu);
      settings = { threads: request.threads, maxTokens: request.maxTokens, minAudioCtx: request.minAudioCtx, fallback: request.fallback };
      send({ type: 'ready', loadMs: Math.round(performance.now() - started), variant: loaded.variant });
    } catch (error) {
      send({ type: 'load_failed', message: error instanceof Error ? error.message : String(error) });
    }
    return;
  }
  const started = performance.now();
  try {
    const seconds = request.pcm.length / 16000;
    const task = await binding!.TranscribeTask.run(model!, request.pcm, {
      language: request.language,
      // Beam size 1 is greedy decoding. smart-whisper's own default is beam search; the engine picks per language.
      strategy: request.beamSize > 1 ? 1 : 0,
      beam_size: request.beamSize > 1 ? request.beamSize : -1,
      n_threads: settings.threads,
      format: 'detail',
      no_timestamps: true,
      single_segment: seconds <= 30,
      // The encoder window is 30 s (1500 frames of 20 ms). Short turns need less, but not much less: below about
      // 10 s (512 frames) the decoder falls back to sampling again and again, slower and wrong (README, "Listening").
      audio_ctx: settings.minAudioCtx === 0 ? 0 : Math.min(1500, Math.max(settings.minAudioCtx, Math.ceil(seconds * 50) + 64)),
      // No speech runs at more than about 10 tokens a second (fast Mandarin): a decode past 15 a second is a loop
      // ("疾病 疾病 疾病...") that would hold every call's turn behind it for many seconds.
      max_tokens: settings.maxTokens || Math.ceil(seconds * 15) + 20,
      initial_prompt: request.prompt,
      suppress_non_speech_tokens: true,
      // Decode again at a higher temperature when the text looks unreliable (repetition, low probability).
      temperature_inc: settings.fallback && !request.draft ? 0.2 : 0,
    });
    const segments = await task.result;
    const tokens = segments.flatMap((s) => s.tokens.filter((t) => !t.text.startsWith('[_') && !t.text.startsWith('<|')));
    const language = segments[0]?.lang ?? request.language;
    const text = segments.map((s) => s.text).join('').trim();
    send({
      type: 'result',
      id: request.id,
      // Whisper writes much Mandarin in traditional characters, prompt or not.
      text: language === 'zh' ? await toSimplified(text) : text,
      language,
      prob: tokens.length ? tokens.reduce((a, t) => a + t.p, 0) / tokens.length : 0,
      ms: Math.round(performance.now() - started),
    });
  } catch (error) {
    send({ type: 'failed', id: request.id, message: error instanceof Error ? error.message : String(error) });
  }
}
