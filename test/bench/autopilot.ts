/**
 * npm run bench:autopilot -- [--calls 200] [--concurrency 8] [--model fixture:tiny]
 * A soak of the autopilot on the virtual line: `calls` answered calls (each callee hears the disclosure, answers
 * "Hello. Yes, go ahead.", hears the bot's reply, then presses 9), `concurrency` at a time, with the real bot, VAD,
 * Whisper, voice and store. Prints per-call reply latency (callee's end of speech -> the bot's reply playing),
 * first-words time, call records against calls made, and the heap after each batch (after a GC) with its trend.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { resolveModel } from '../../main/asr/models/resolve.ts';
import { WhisperEngine } from '../../main/asr/whisper-engine.ts';
import { Campaign, type CampaignEvent } from '../../main/campaign/campaign.ts';
import type { Lead } from '../../main/campaign/leads.ts';
import { defaultRules } from '../../main/campaign/rules.ts';
import { VirtualLine } from '../../main/campaign/virtual-line.ts';
import { createHeadlessCore } from '../../main/core/headless.ts';
import { Voice } from '../../main/tts/index.ts';
import { emit, summarize } from './stats.ts';

const { values } = parseArgs({ options: { calls: { type: 'string', default: '200' }, concurrency: { type: 'string', default: '8' }, model: { type: 'string', default: 'fixture:tiny' }, json: { type: 'boolean' } } });
const calls = Number(values.calls);
const machine = `${os.cpus()[0]?.model ?? 'cpu'} x${os.cpus().length}`;
const data = fs.mkdtempSync(path.join(os.tmpdir(), 'callcue-bench-autopilot-'));
const core = createHeadlessCore({ ...process.env, CALLCUE_DATA_DIR: data });
const gc = (globalThis as { gc?: () => void }).gc;
try {
  const store = await core.store();
  const model = await resolveModel(values.model, core.paths, process.env);
  const engine = await WhisperEngine.start({ model: model.path, maxTokens: model.maxTokens, temperatureFallback: model.kind !== 'fixture' });
  const voice = new Voice();
  const line = new VirtualLine(voice, core.paths.resourcesDir);
  // Numbers ending in 4: the callee answers once, hears the bot's reply, then presses 9 (see VirtualLine).
  const zone = 'Etc/UTC';
  const hour = new Date().getUTCHours();
  const rules = { ...defaultRules, window: { start: '00:00', end: '23:59' } };
  // Ten heap samples, each batch at least as large as the concurrency, so every batch runs at full load.
  const batch = Math.max(Number(values.concurrency), Math.round(calls / 10));
  const heap: number[] = [];
  const reply: number[] = [];
  const first: number[] = [];
  let dispositions = 0;
  const started = performance.now();
  for (let done = 0; done < calls; done += batch) {
    const leads: Lead[] = Array.from({ length: Math.min(batch, calls - done) }, (_, i) => ({ line: done + i + 2, name: 'bench', phone: `+86139${String(done + i).padStart(7, '0')}4`, timeZone: zone, region: null, language: 'en', plugin: 'insurance', consentSource: 'bench', consentDate: '2026-01-01' }));
    const campaign = new Campaign({ leads, rules, line, store, brains: core.brains, engine, voice, asr: model.name, fixture: model.kind === 'fixture', concurrency: Number(values.concurrency) });
    campaign.on('event', (e: CampaignEvent) => {
      if (e.type !== 'disposition') return;
      dispositions++;
      if (e.firstWordsMs !== undefined) first.push(e.firstWordsMs);
      reply.push(...(e.replyMs ?? []));
    });
    await campaign.run();
    gc?.();
    heap.push(process.memoryUsage().heapUsed / 2 ** 20);
    emit({ bench: 'autopilot', metric: 'heap_mb', calls: done + leads.length, value: Math.round(heap.at(-1)! * 10) / 10, machine });
  }
  const stored = (await store.call('listCalls', { mode: 'auto', limit: 100_000 })).length;
  // Least-squares slope of the heap over batches, in MB per 100 calls.
  const xs = heap.map((_, i) => (i + 1) * batch);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = heap.reduce((a, b) => a + b, 0) / heap.length;
  const slope = xs.reduce((a, x, i) => a + (x - mx) * (heap[i]! - my), 0) / xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  emit({ bench: 'autopilot', calls, concurrency: Number(values.concurrency), model: model.name, wall_s: Math.round((performance.now() - started) / 1000), dispositions, stored_calls: stored, reply_ms: summarize(reply.length ? reply : [NaN]), first_words_ms: summarize(first.length ? first : [NaN]), heap_trend_mb_per_100_calls: Math.round(slope * 100 * 100) / 100, gc: Boolean(gc), utc_hour: hour, machine });
  await engine.close();
} finally {
  await core.close();
  fs.rmSync(data, { recursive: true, force: true });
}
