import fs from 'node:fs';
import path from 'node:path';
import { pino, type Logger } from 'pino';
import type { CallEvent } from '../../preload/contract.ts';

/** A log file grows to this, then it is kept as .1 (.2, .3 before it) and a new one starts. */
const MAX_BYTES = 5 * 2 ** 20;
const KEPT = 3;

export const logFile = (dataDir: string) => path.join(dataDir, 'logs', 'callcue.log');

/**
 * The app's and the CLI's structured log: JSON lines (pino) in `<data>/logs/callcue.log`, rotated by size. It holds
 * ids, intents, states, codes and timings, never words, never phone numbers: what is logged goes through the
 * projections below, and every message has its digit runs masked.
 */
export interface CallcueLog {
  call(event: CallEvent): void;
  /** A campaign event: lead line numbers, dispositions and counts. */
  campaign(event: { type: string } & Record<string, unknown>): void;
  error(where: string, error: unknown): void;
  info(message: string, fields?: Record<string, string | number | boolean>): void;
  close(): void;
}

/** A log that could not be opened (read-only or full disk) writes nothing: logging never stops a call. */
const silent: CallcueLog = { call() {}, campaign() {}, error() {}, info() {}, close() {} };

export function openLog(dataDir: string, o: { process: 'app' | 'cli' }): CallcueLog {
  const file = logFile(dataDir);
  let destination: ReturnType<typeof pino.destination>;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    rotate(file);
    destination = pino.destination({ dest: file, sync: true, mode: 0o600 });
  } catch {
    return silent;
  }
  destination.on('error', () => undefined); // a full disk loses log lines, never the process
  const logger: Logger = pino({ base: { process: o.process, pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime }, destination);
  let writes = 0;
  const write = (level: 'info' | 'warn' | 'error', fields: object, message: string) => {
    logger[level](fields, maskDigits(message));
    // Checked now and then: a stat per line would cost more than the line.
    if (++writes % 200 === 0 && (fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0) > MAX_BYTES) {
      rotate(file);
      destination.reopen();
    }
  };
  return {
    call(event) {
      const fields = callFields(event);
      if (fields) write(event.type === 'error' ? 'warn' : 'info', fields, `call ${event.type}`);
    },
    campaign(event) {
      const { phone: _phone, detail, message, ...rest } = event;
      const detailText = typeof detail === 'string' ? detail : typeof message === 'string' ? message : undefined;
      write('info', { ...rest, ...(detailText ? { detail: maskDigits(detailText) } : {}) }, `campaign ${event.type}`);
    },
    error(where, error) {
      const e = error as { code?: unknown; message?: unknown };
      write('error', { where, code: typeof e?.code === 'string' ? e.code : 'error' }, typeof e?.message === 'string' ? e.message : String(error));
    },
    info(message, fields = {}) {
      write('info', fields, message);
    },
    close() {
      destination.flushSync();
    },
  };
}

/** What of a call event is metadata: transcripts are never logged, turns without their suggestions' words. */
function callFields(e: CallEvent): Record<string, unknown> | undefined {
  switch (e.type) {
    case 'started':
      return { callId: e.callId, asr: e.asr };
    case 'turn':
      return { turn: e.id, intent: e.intent, confidence: Number(e.confidence.toFixed(3)), from: e.from, state: e.state, outcome: e.outcome, speechStopToSuggestionMs: e.speech_stop_to_suggestion_ms, eotToSuggestionMs: e.eot_to_suggestion_ms, asr: e.asr };
    case 'error':
      return { code: e.code };
    case 'ended':
      return { callId: e.callId, outcome: e.outcome, state: e.state, turns: e.turns, speechStopToSuggestionMs: e.speech_stop_to_suggestion_ms, eotToSuggestionMs: e.eot_to_suggestion_ms };
    default:
      return undefined;
  }
}

/** Phone numbers, ages, amounts: any run of 3 or more digits is masked in free text. */
function maskDigits(text: string): string {
  return text.replace(/\d{3,}/g, (run) => '#'.repeat(run.length));
}

function rotate(file: string): void {
  if ((fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0) <= MAX_BYTES) return;
  fs.rmSync(`${file}.${KEPT}`, { force: true });
  for (let i = KEPT - 1; i >= 1; i--) if (fs.existsSync(`${file}.${i}`)) fs.renameSync(`${file}.${i}`, `${file}.${i + 1}`);
  fs.renameSync(file, `${file}.1`);
}
