import { openFileSource } from '../../audio/file-source.ts';
import { loadSampleCall, renderSampleCall } from '../../audio/sample-call.ts';
import fs from 'node:fs';
import path from 'node:path';
import { downloadModel } from '../../asr/models/catalog.ts';
import { pypiWhisperBase } from '../../asr/models/pypi.ts';
import { resolveModel, type ResolvedModel } from '../../asr/models/resolve.ts';
import { CallcueError, errorMessage } from '../../base/errors.ts';
import { cacheDir } from '../../base/paths.ts';
import type { Command } from '../command.ts';
import { runHeadlessCall } from '../headless-call.ts';
import { progressBar } from '../progress.ts';
import { choice, contentLanguage, plugin as pluginOf } from '../options.ts';

/**
 * The configured model; with none, Whisper base as set-up fetched it from PyPI (into the cache), else the default
 * multilingual tiny model downloaded once; offline with neither, none.
 */
async function speechModel(spec: string | undefined, ctx: Parameters<Command['run']>[0]): Promise<ResolvedModel | undefined> {
  try {
    return await resolveModel(spec, ctx.core.paths, ctx.io.env);
  } catch (error) {
    if (spec || !(error instanceof CallcueError) || error.code !== 'no_model') throw error;
  }
  const fromSetUp = path.join(cacheDir(ctx.io.env), pypiWhisperBase.file);
  if (fs.existsSync(fromSetUp)) return resolveModel(fromSetUp, ctx.core.paths, ctx.io.env);
  try {
    const bar = progressBar('Downloading the Whisper tiny model', (t) => ctx.io.stderr(t.replace(/\n$/, '')));
    await downloadModel('tiny', ctx.core.paths.modelsDir, { env: ctx.io.env, onProgress: ({ received, total }) => bar(received, total), retries: 1 });
    return await resolveModel('tiny', ctx.core.paths, ctx.io.env);
  } catch (error) {
    ctx.io.stderr(`callcue: no Whisper model here and none could be downloaded (${errorMessage(error)}); replaying the sample call's reference transcript instead of speech recognition.`);
    return undefined;
  }
}

/** `callcue simulate`: a whole assist-mode call, headless, from a recording or the bundled sample call. */
export const simulateCommand: Command = {
  name: 'simulate',
  usage: 'simulate [--plugin NAME] [--lang zh|en] [--audio FILE] [--model PATH|tiny|base|fixture:tiny] [--end-of-turn silence|smart] [--prepare on|off] [--json] [--fast]',
  summary: 'Run a whole call through speech recognition, the sales brain and the store, and show it live',
  options: { plugin: { type: 'string' }, lang: { type: 'string' }, audio: { type: 'string' }, model: { type: 'string' }, 'end-of-turn': { type: 'string' }, prepare: { type: 'string' }, json: { type: 'boolean' }, fast: { type: 'boolean' } },
  async run(ctx) {
    const { core, io, options } = ctx;
    const language = contentLanguage(options, false) ?? 'en';
    const plugin = pluginOf(options, 'insurance');
    const endOfTurn = choice(options, 'end-of-turn', ['silence', 'smart'] as const);
    const prepare = choice(options, 'prepare', ['on', 'off'] as const) !== 'off';
    const audioFile = typeof options.audio === 'string' ? options.audio : undefined;
    const sample = audioFile ? undefined : loadSampleCall(core.paths.resourcesDir, plugin, language);
    // Check the recording before anything is loaded or written.
    const source = audioFile ? await openFileSource(audioFile, { realtime: !options.fast }) : undefined;
    const model = await speechModel(options.model as string | undefined, ctx);
    if (!model && !sample) throw new CallcueError('no_model', 'A Whisper model is needed to transcribe --audio: run callcue models download tiny.');
    return runHeadlessCall(ctx, {
      plugin,
      language,
      model,
      sample,
      endOfTurn,
      // Paced like a live call, it hears like one; --fast reads the audio at once, where recognising early only repeats work.
      early: !options.fast,
      prepare: !options.fast && prepare,
      source: model && (source ?? (await openFileSource(renderSampleCall(sample!, cacheDir(io.env)), { realtime: !options.fast }))),
    });
  },
};
