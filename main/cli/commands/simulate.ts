import { CallSession, referenceTranscript, type SessionEvent } from '../../assist/call-session.ts';
import { openFileSource } from '../../audio/file-source.ts';
import { loadSampleCall, renderSampleCall } from '../../audio/sample-call.ts';
import { Listener } from '../../asr/listener.ts';
import { downloadModel } from '../../asr/models/catalog.ts';
import { resolveModel, type ResolvedModel } from '../../asr/models/resolve.ts';
import { sileroDetector } from '../../asr/vad.ts';
import { WhisperEngine } from '../../asr/whisper-engine.ts';
import { CallcueError, errorMessage } from '../../core/errors.ts';
import { cacheDir } from '../../core/paths.ts';
import { fileKeyStore, MetadataStore } from '../../store/index.ts';
import { formatClock } from '../table.ts';
import type { Command, Io } from '../command.ts';
import { progressBar } from '../progress.ts';
import { contentLanguage, pluginOption } from './classify.ts';

function print(event: SessionEvent, io: Io, json: boolean): void {
  if (json) {
    io.stdout(JSON.stringify(event));
    return;
  }
  switch (event.type) {
    case 'started':
      io.stdout(`● call ${event.callId} · speech recognition: ${event.asr}`);
      break;
    case 'opening':
      io.stdout(`  [${event.state}] open with:\n${event.suggestions.map((s) => `    ${s.rank}. ${s.text}`).join('\n')}`);
      break;
    case 'transcript':
      if (event.kind === 'final') io.stdout(`[${formatClock(event.t0)}] ${event.channel}: ${event.text}`);
      break;
    case 'turn':
      io.stdout(`    → ${event.intent} (${event.confidence.toFixed(2)}) · ${event.from} → ${event.state} · suggestions in ${event.eot_to_suggestion_ms} ms${event.compliance?.optOut ? ' · OPT-OUT: do not call again' : ''}`);
      if (event.card) io.stdout(`    card: ${event.card.title}`);
      io.stdout(event.suggestions.map((s) => `    ${s.rank}. ${s.text}`).join('\n'));
      break;
    case 'checklist':
      io.stdout(`    checklist: ${event.items.map((i) => `${i.done ? '✔' : '·'} ${i.label}`).join('  ')}`);
      break;
    case 'error':
      io.stderr(`callcue: ${event.message}`);
      break;
    case 'ended':
      break;
  }
}

/** The configured model; with none, the default multilingual tiny model is downloaded once; offline, none. */
async function speechModel(spec: string | undefined, ctx: Parameters<Command['run']>[0]): Promise<ResolvedModel | undefined> {
  try {
    return await resolveModel(spec, ctx.core.paths, ctx.io.env);
  } catch (error) {
    if (spec || !(error instanceof CallcueError) || error.code !== 'no_model') throw error;
  }
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
  usage: 'simulate [--plugin NAME] [--lang zh|en] [--audio FILE] [--model PATH|tiny|base|fixture:tiny] [--json] [--fast]',
  summary: 'Run a whole call through speech recognition, the sales brain and the store, and show it live',
  options: { plugin: { type: 'string' }, lang: { type: 'string' }, audio: { type: 'string' }, model: { type: 'string' }, json: { type: 'boolean' }, fast: { type: 'boolean' } },
  async run(ctx) {
    const { core, io, options } = ctx;
    const json = options.json === true;
    const language = contentLanguage(options.lang, false) ?? 'en';
    const plugin = pluginOption(options.plugin, 'insurance');
    const brain = await core.brains.brain(plugin);
    const audioFile = typeof options.audio === 'string' ? options.audio : undefined;
    const sample = audioFile ? undefined : loadSampleCall(core.paths.resourcesDir, plugin, language);
    // Check the recording before anything is loaded or written.
    const source = audioFile ? await openFileSource(audioFile, { realtime: !options.fast }) : undefined;
    const model = await speechModel(options.model as string | undefined, ctx);
    if (!model && !sample) throw new CallcueError('no_model', 'A Whisper model is needed to transcribe --audio: run callcue models download tiny.');
    const store = await MetadataStore.open({ dataDir: core.paths.dataDir, keys: fileKeyStore(core.paths.dataDir) });
    const engine = model && (await WhisperEngine.start({ model: model.path, maxTokens: model.maxTokens, temperatureFallback: model.kind !== 'fixture' }));
    try {
      await store.call('markInterrupted', {});
      const call = brain.startCall({ language, mode: 'assist', timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone });
      const session = new CallSession(call, store, { plugin, asr: model ? `whisper ${model.name}` : 'reference' });
      const transcript = engine
        ? new Listener({
            source: source ?? (await openFileSource(renderSampleCall(sample!, cacheDir(io.env)), { realtime: !options.fast })),
            engine,
            detector: sileroDetector,
            language: language === 'zh-CN' ? 'zh' : 'en',
            minProb: model.kind === 'fixture' ? 0 : undefined,
          })
        : referenceTranscript(sample!.turns);
      let summary: Extract<SessionEvent, { type: 'ended' }> | undefined;
      for await (const event of session.run(transcript)) {
        print(event, io, json);
        if (event.type === 'ended') summary = event;
      }
      const latencies = [...(summary?.eot_to_suggestion_ms ?? [])].sort((a, b) => a - b);
      const median = latencies.length ? latencies[Math.floor(latencies.length / 2)]! : null;
      const stored = await store.call('getCall', { id: session.callId });
      const result = { type: 'summary', callId: session.callId, plugin, language, asr: model ? model.name : 'reference', outcome: summary?.outcome, state: summary?.state, turns: summary?.turns, eot_to_suggestion_ms: { median, all: latencies }, stored: Boolean(stored), storedTurns: stored?.turns.length ?? 0, database: store.file };
      io.stdout(json ? JSON.stringify(result) : `\n■ call ${result.callId} ended in ${result.state} (outcome ${result.outcome}); ${result.turns} turns; end of speech → suggestion median ${median ?? '-'} ms; stored ${result.storedTurns} turns of metadata in ${result.database} (no audio, no words)`);
      return 0;
    } finally {
      await engine?.close();
      await store.close();
    }
  },
};
