/**
 * npm run bench:rtp-clock -- [--calls 8] [--lines 4] [--rounds 2]
 * `calls` RTP sessions at once (real RtpSession over loopback UDP, each with its own peer socket in a second process),
 * each speaking `lines` uncached lines (distinct texts, espeak-ng, about 3 s each), calls started 3 s / calls apart.
 * Prints the lateness of the 20 ms packets as they arrive at the peers (p50/p95/p99/max, ms), in the same run for:
 *  - `clock_only`: the sessions sending silence, nothing spoken (this machine's floor);
 *  - `main_thread`: the old path (as Voice did): espeak-ng started and its line resampled on the main thread;
 *  - `worker_resample`: Voice.say with an engine it cannot move (espeak-ng wrapped): only the resampling in a thread;
 *  - `worker`: Voice.say with the OS voice: espeak-ng started and its line resampled in the voice thread.
 * The paths take turns `rounds` times (a shared machine's load drifts). Also per path: how long a line took from text
 * to samples (`line_ready_ms`), the main thread's longest event-loop delay (`loop_delay_max_ms`: a stall of ours,
 * where the wire lateness is far above it the process was waiting for a core), and for the old path the
 * main-thread resample itself (`stall_ms`).
 */
import { fork } from 'node:child_process';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { resample } from '../../main/audio/resample.ts';
import { RtpSession } from '../../main/telephony/rtp-session.ts';
import { espeakVoice } from '../../main/tts/espeak.ts';
import { defaultVoice, Voice } from '../../main/tts/index.ts';
import { emit, summarize } from './stats.ts';

const { values } = parseArgs({ options: { calls: { type: 'string', default: '8' }, lines: { type: 'string', default: '4' }, rounds: { type: 'string', default: '2' } } });
const calls = Number(values.calls);
const lines = Number(values.lines);
const rounds = Number(values.rounds);
const machine = `${os.cpus()[0]?.model ?? 'cpu'} x${os.cpus().length}`;
const words = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

interface Figures {
  lateness: number[];
  ready: number[];
  stall: number[];
  seconds: number[];
  loopMax: number;
}
type Speak = (text: string, figures: Figures) => Promise<Int16Array>;
const voice = new Voice(espeakVoice);
const wrapped = new Voice({ name: 'espeak-ng, started here', speak: (...args) => espeakVoice.speak(...args) });
const paths: Record<string, Speak | undefined> = {
  clock_only: undefined,
  // The old path, kept here only: the engine, then the resample on this thread.
  main_thread: async (text, f) => {
    const spoken = await espeakVoice.speak(text, 'en', defaultVoice);
    const started = performance.now();
    const samples = resample(spoken.samples, spoken.sampleRate, 8000);
    f.stall.push(performance.now() - started);
    return samples;
  },
  worker_resample: async (text) => (await wrapped.say(text, { language: 'en', sampleRate: 8000, cache: true })).samples,
  worker: async (text) => (await voice.say(text, { language: 'en', sampleRate: 8000, cache: true })).samples,
};

const peer = fork(new URL('./rtp-peer.ts', import.meta.url));
const ask = <T>(message: object) =>
  new Promise<T>((resolve) => {
    peer.once('message', (m) => resolve(m as T));
    peer.send(message);
  });
const { ports } = await ask<{ ports: number[] }>({ open: calls });
const figures = new Map(Object.keys(paths).map((p) => [p, { lateness: [], ready: [], stall: [], seconds: [], loopMax: 0 } as Figures]));

for (let round = 0; round < rounds; round++) {
  for (const [path, speak] of Object.entries(paths)) {
    const f = figures.get(path)!;
    const sessions = await Promise.all(ports.map(() => RtpSession.open('127.0.0.1')));
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    sessions.forEach((rtp, i) => rtp.start({ host: '127.0.0.1', port: ports[i]!, law: 'pcmu', dtmf: 101, direction: 'sendrecv' }));
    await Promise.all(
      sessions.map(async (rtp, call) => {
        await new Promise((r) => setTimeout(r, (call * 3000) / calls));
        if (!speak) return new Promise((r) => setTimeout(r, 3000 * lines));
        for (let line = 0; line < lines; line++) {
          // Distinct per round, call and line, so every line misses its voice's cache; the same lines on every path.
          const text = `Call ${words[call % 12]}, line ${words[line % 12]}: your quote ${words[round % 12]} is ready.`;
          const asked = performance.now();
          const samples = await speak(text, f);
          f.ready.push(performance.now() - asked);
          f.seconds.push(samples.length / 8000);
          await rtp.say(samples);
        }
      }),
    );
    await new Promise((r) => setTimeout(r, 200));
    for (const rtp of sessions) rtp.close();
    loop.disable();
    f.loopMax = Math.max(f.loopMax, loop.max / 1e6);
    f.lateness.push(...(await ask<{ lateness: number[] }>({ report: true })).lateness);
  }
}
peer.send({ close: true });

const round2 = (v: number) => Math.round(v * 100) / 100;
for (const [path, f] of figures) {
  const s = f.lateness.sort((a, b) => a - b);
  const q = (p: number) => round2(s[Math.min(s.length - 1, Math.floor(p * s.length))]!);
  emit({
    bench: 'rtp-clock',
    path,
    calls,
    lines: paths[path] ? lines * rounds : 0,
    packets: s.length,
    lateness_ms: { p50: q(0.5), p95: q(0.95), p99: q(0.99), max: round2(s.at(-1)!) },
    late_over_5ms: s.filter((v) => v > 5).length,
    loop_delay_max_ms: round2(f.loopMax),
    ...(f.ready.length && { line_s: round2(f.seconds.reduce((a, b) => a + b, 0) / f.seconds.length), line_ready_ms: summarize(f.ready) }),
    ...(f.stall.length && { stall_ms: summarize(f.stall) }),
    machine,
  });
}
