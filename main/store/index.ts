import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { CallcueError } from '../base/errors.ts';
import { sibling } from '../base/paths.ts';
import type { KeyStore } from './keys.ts';
import type { ArgsOf, Op, ResultOf } from './queries.ts';

export { fileKeyStore, sealedKeyStore, writeWhole, type KeyStore, type Sealer } from './keys.ts';
export type { CallFactsRows, CallFilter, CallRow, Mode, TurnRecord } from './queries.ts';
export type { OutboxRow } from './outbox.ts';

/**
 * Entities as stored: the kind always, the value only where it is business metadata (which product, when to call
 * back). What the customer said, their age or their money is never kept.
 */
export function sanitizeEntities(entities: { entity: string; value: string | number }[]): { entity: string; value?: string | number }[] {
  return entities.map(({ entity, value }) => (entity === 'product' || entity === 'datetime' ? { entity, value } : { entity }));
}

type Reply = { type: 'ready' } | { type: 'failed'; error: { code: string; message: string } } | { type: 'slow'; op: string; ms: number } | { type: 'result'; id: number; ok: true; value: unknown } | { type: 'result'; id: number; ok: false; error: { code: string; message: string } };

/**
 * The intent-metadata store: an encrypted SQLite file (`<data>/callcue.db`) served by a worker thread.
 * Calls, turns' intents and timings, suggestions shown and used, consents, settings: never audio, never words.
 */
export class MetadataStore {
  readonly file: string;
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  #nextId = 1;

  private constructor(file: string, worker: Worker) {
    this.file = file;
    this.#worker = worker;
  }

  /** `workerPath`: the built store-worker.cjs in the packaged app; from source, store-worker.ts. */
  static async open(options: { dataDir: string; keys: KeyStore; slowMs?: number; onSlow?: (op: string, ms: number) => void; workerPath?: string }): Promise<MetadataStore> {
    fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    const file = path.join(options.dataDir, 'callcue.db');
    const key = options.keys.key({ create: !fs.existsSync(file) });
    const worker = new Worker(options.workerPath ?? sibling(import.meta.url, 'store-worker.ts'), { workerData: { file, key, slowMs: options.slowMs ?? 50 } });
    const store = new MetadataStore(file, worker);
    await new Promise<void>((resolve, reject) => {
      worker.on('message', (reply: Reply) => {
        if (reply.type === 'ready') resolve();
        else if (reply.type === 'failed') reject(new CallcueError(reply.error.code, reply.error.message));
        else if (reply.type === 'slow') options.onSlow?.(reply.op, reply.ms);
        else store.#settle(reply);
      });
      worker.on('error', (error) => reject(new CallcueError('store_failed', `The call database stopped: ${error.message}`)));
      worker.on('exit', () => {
        for (const p of store.#pending.values()) p.reject(new CallcueError('store_closed', 'The call database is closed.'));
        store.#pending.clear();
      });
    }).catch(async (error: unknown) => {
      await worker.terminate();
      throw error;
    });
    return store;
  }

  call<K extends Op>(op: K, args: ArgsOf<K>): Promise<ResultOf<K>> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.#worker.postMessage({ id, op, args });
    });
  }

  async close(): Promise<void> {
    await this.#worker.terminate();
  }

  #settle(reply: Extract<Reply, { type: 'result' }>): void {
    const pending = this.#pending.get(reply.id);
    this.#pending.delete(reply.id);
    if (!pending) return;
    if (reply.ok) pending.resolve(reply.value);
    else pending.reject(new CallcueError(reply.error.code, reply.error.message));
  }
}
