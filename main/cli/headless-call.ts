import { CallSession, referenceTranscript, type SessionEvent } from '../assist/call-session.ts';
import type { AudioSource } from '../audio/frames.ts';
import type { SampleCall } from '../audio/sample-call.ts';
import { Listener } from '../asr/listener.ts';
import type { ResolvedModel } from '../asr/models/resolve.ts';
import { sileroDetector } from '../asr/vad.ts';
import { WhisperEngine } from '../asr/whisper-engine.ts';
import type { Language } from '../brain/language.ts';
import { fileKeyStore, MetadataStore } from '../store/index.ts';
import type { CommandContext, Io } from './command.ts';
import { formatClock } from './table.ts';

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

export interface HeadlessCall {
  plugin: string;
  language: Language;
  /** Whisper over `source`; without a model, the sample call's reference transcript is replayed. */
  model?: ResolvedModel;
  source?: AudioSource;
  sample?: SampleCall;
  /** Ends the call (the turn in progress is still transcribed). */
  stop?: AbortSignal;
}

/**
 * One assist-mode call run headless (`simulate`, `assist`): the same session the app runs, printed as it goes
 * (or as JSON events), then a summary that proves what was stored: metadata only.
 */
export async function runHeadlessCall({ core, io, options }: CommandContext, call: HeadlessCall): Promise<number> {
  const json = options.json === true;
  const { model, plugin, language } = call;
  const brain = await core.brains.brain(plugin);
  const store = await MetadataStore.open({ dataDir: core.paths.dataDir, keys: fileKeyStore(core.paths.dataDir) });
  const engine = model && (await WhisperEngine.start({ model: model.path, maxTokens: model.maxTokens, temperatureFallback: model.kind !== 'fixture' }));
  try {
    await store.call('markInterrupted', {});
    const brainCall = brain.startCall({ language, mode: 'assist', timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone });
    const session = new CallSession(brainCall, store, { plugin, asr: model ? `whisper ${model.name}` : 'reference' });
    const listener =
      engine && call.source
        ? new Listener({ source: call.source, engine, detector: sileroDetector, language: language === 'zh-CN' ? 'zh' : 'en', minProb: model.kind === 'fixture' ? 0 : undefined })
        : undefined;
    call.stop?.addEventListener('abort', () => void listener?.stop(), { once: true });
    let summary: Extract<SessionEvent, { type: 'ended' }> | undefined;
    for await (const event of session.run(listener ?? referenceTranscript(call.sample!.turns))) {
      print(event, io, json);
      core.log.call(event);
      if (event.type === 'ended') summary = event;
    }
    const latencies = [...(summary?.eot_to_suggestion_ms ?? [])].sort((a, b) => a - b);
    const median = latencies.length ? latencies[Math.floor(latencies.length / 2)]! : null;
    const stored = await store.call('getCall', { id: session.callId });
    const result = { type: 'summary', callId: session.callId, plugin, language, asr: model ? model.name : 'reference', outcome: summary?.outcome, state: summary?.state, turns: summary?.turns, eot_to_suggestion_ms: { median, all: latencies }, stored: Boolean(stored), storedTurns: stored?.turns.length ?? 0, database: store.file };
    io.stdout(json ? JSON.stringify(result) : `\n■ call ${result.callId} ended in ${result.state} (outcome ${result.outcome}); ${result.turns} turns; end of speech → suggestion median ${median ?? '-'} ms; stored ${result.storedTurns} turns of metadata in ${result.database} (no audio, no words)`);
    return 0;
  } finally {
    call.source?.close();
    await engine?.close();
    await store.close();
  }
}
