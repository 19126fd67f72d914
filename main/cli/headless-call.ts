import { endOfTurnJudge, LIVE_MAX_LAG_MS } from '../call/hearing.ts';
import { openCallPipeline, type SessionEvent } from '../call/pipeline.ts';
import type { AudioSource } from '../audio/frames.ts';
import type { SampleCall } from '../audio/sample-call.ts';
import type { ResolvedModel } from '../asr/models/resolve.ts';
import { Recognisers } from '../asr/recogniser.ts';
import type { Language } from '../brain/language.ts';
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
      io.stdout(`    → ${event.intent} (${event.confidence.toFixed(2)}) · ${event.from} → ${event.state} · suggested ${event.speech_stop_to_suggestion_ms} ms after the customer stopped${event.compliance?.optOut ? ' · OPT-OUT: do not call again' : ''}`);
      if (event.card) io.stdout(`    card: ${event.card.title}`);
      io.stdout(event.suggestions.map((s) => `    ${s.rank}. ${s.text}`).join('\n'));
      break;
    case 'prepared':
      io.stdout(`    ⋯ ${event.intent} · prepared from their words so far`);
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
  /** How a turn's end is found: a fixed silence (default), or Smart Turn where its model is here. */
  endOfTurn?: 'smart' | 'silence';
  /** Ends the call (the turn in progress is still transcribed). */
  stop?: AbortSignal;
  /** A live capture: turns the recogniser cannot reach in time are skipped, as in the app. */
  live?: boolean;
  /** Recognise each customer turn at their first pause, as the app does (default: live captures). */
  early?: boolean;
  /** Prepare suggestions from the customer's words so far (default: as `early`). */
  prepare?: boolean;
}

const median = (values: number[]) => (values.length ? [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]! : null);

/**
 * One assist-mode call run headless (`simulate`, `assist`): the same pipeline and store the app uses, printed as it
 * goes (or as JSON events), then a summary that proves what was stored: metadata only.
 */
export async function runHeadlessCall({ core, io, options }: CommandContext, call: HeadlessCall): Promise<number> {
  const json = options.json === true;
  const { model, plugin, language } = call;
  const brain = await core.brains.brain(plugin);
  const store = await core.store();
  const engine = model && (await Recognisers.open({ languages: [language === 'zh-CN' ? 'zh' : 'en'], whisper: model, zhChoice: options.model ? 'whisper' : (await core.settings.get()).zhRecogniser, modelsDir: core.paths.modelsDir, env: io.env }));
  try {
    const hearing =
      engine && call.source
        ? { source: call.source, recogniser: engine, language: language === 'zh-CN' ? ('zh' as const) : ('en' as const), fixture: model.kind === 'fixture', endOfTurn: call.endOfTurn === 'smart' ? await endOfTurnJudge(core.paths, io.env) : undefined, maxLagMs: call.live ? LIVE_MAX_LAG_MS : undefined, early: call.early ?? call.live, prepare: call.prepare ?? call.early ?? call.live }
        : { script: call.sample!.turns };
    const pipeline = openCallPipeline({ mode: 'assist', plugin, brain: brain.startCall({ language, mode: 'assist', timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone }), store, hearing, asr: engine ? engine.label : 'reference' });
    call.stop?.addEventListener('abort', () => void pipeline.stop(), { once: true });
    let summary: Extract<SessionEvent, { type: 'ended' }> | undefined;
    for await (const event of pipeline.events) {
      print(event, io, json);
      core.log.call(event);
      if (event.type === 'ended') summary = event;
    }
    const fromStop = summary?.speech_stop_to_suggestion_ms ?? [];
    const fromEnd = summary?.eot_to_suggestion_ms ?? [];
    const shown = summary?.speech_stop_to_shown_ms ?? [];
    const stored = await store.call('getCall', { id: pipeline.callId });
    const result = {
      type: 'summary',
      callId: pipeline.callId,
      plugin,
      language,
      asr: model ? model.name : 'reference',
      endOfTurn: 'endOfTurn' in hearing && hearing.endOfTurn ? 'smart-turn' : 'silence',
      outcome: summary?.outcome,
      state: summary?.state,
      turns: summary?.turns,
      speech_stop_to_suggestion_ms: { median: median(fromStop), all: fromStop },
      eot_to_suggestion_ms: { median: median(fromEnd), all: fromEnd },
      speech_stop_to_shown_ms: { median: median(shown), all: shown },
      prepared: { ...(summary?.prepared ?? { confirmed: 0, replaced: 0 }), ready_at_last_word: shown.filter((ms) => ms <= 0).length },
      stored: Boolean(stored),
      storedTurns: stored?.turns.length ?? 0,
      database: store.file,
    };
    io.stdout(json ? JSON.stringify(result) : `\n■ call ${result.callId} ended in ${result.state} (outcome ${result.outcome}); ${result.turns} turns; the customer's last word → suggestion median ${result.speech_stop_to_suggestion_ms.median ?? '-'} ms (on screen: ${result.speech_stop_to_shown_ms.median ?? '-'} ms, ${result.prepared.ready_at_last_word} ready before they stopped); stored ${result.storedTurns} turns of metadata in ${result.database} (no audio, no words)`);
    return 0;
  } finally {
    call.source?.close();
    await engine?.close();
  }
}
