import { z } from 'zod';
import { Settings } from '../../preload/contract.ts';
import { invalidInput } from '../base/errors.ts';
import type { MetadataStore } from '../store/index.ts';

export { Settings } from '../../preload/contract.ts';

export const defaultSettings: Settings = { micDevice: null, loopbackDevice: null, model: null, zhRecogniser: 'sensevoice', plugin: 'insurance', callLanguage: 'en', endOfTurnMs: 600, gpu: true, retentionDays: 90, botVoice: { en: 'neural', 'zh-CN': 'neural' } };

const DAY = 86_400_000;

export class SettingsService {
  readonly #store: () => Promise<MetadataStore>;
  readonly #now: () => number;

  constructor(store: () => Promise<MetadataStore>, now: () => number = Date.now) {
    this.#store = store;
    this.#now = now;
  }

  async get(): Promise<Settings> {
    const stored = await (await this.#store()).call('getSetting', { key: 'app' });
    const parsed = Settings.partial().safeParse(stored ?? {});
    return { ...defaultSettings, ...(parsed.success ? parsed.data : {}) };
  }

  /** Applies a change; the retention period takes effect at once. */
  async set(patch: Partial<Settings>): Promise<Settings> {
    const next = Settings.safeParse({ ...(await this.get()), ...patch });
    if (!next.success) throw invalidInput('invalid_setting', z.prettifyError(next.error).split('\n').slice(0, 2).join(' '), next.error.issues);
    const store = await this.#store();
    await store.call('setSetting', { key: 'app', value: next.data });
    await this.purge();
    return next.data;
  }

  /** Retention: deletes calls older than the configured number of days; returns how many. */
  async purge(): Promise<number> {
    const { retentionDays } = await this.get();
    return (await this.#store()).call('purge', { before: this.#now() - retentionDays * DAY });
  }
}
