import { describe, expect, it } from 'vitest';
import { defaultSettings, SettingsService } from '../../main/settings/index.ts';
import { fileKeyStore, MetadataStore } from '../../main/store/index.ts';
import { tempDir } from '../helpers/tmp.ts';

describe('settings', () => {
  it('start from defaults, keep valid changes, refuse invalid ones, and apply retention at once', async () => {
    const dir = tempDir();
    const store = await MetadataStore.open({ dataDir: dir, keys: fileKeyStore(dir) });
    const day = 86_400_000;
    const now = 100 * day;
    const settings = new SettingsService(async () => store, () => now);
    try {
      expect(await settings.get()).toEqual(defaultSettings);
      for (const [id, at] of [['recent', 95 * day], ['old', 50 * day]] as const) await store.call('startCall', { id, startedAt: at, mode: 'assist', plugin: 'insurance', language: 'en' });
      expect(await settings.set({ endOfTurnMs: 900, retentionDays: 30, callLanguage: 'zh-CN' })).toMatchObject({ endOfTurnMs: 900, retentionDays: 30, callLanguage: 'zh-CN' });
      expect((await store.call('listCalls', {})).map((c) => c.id)).toEqual(['recent']);
      await expect(settings.set({ endOfTurnMs: 50 })).rejects.toThrow(/endOfTurnMs/);
      await expect(settings.set({ retentionDays: 0 })).rejects.toThrow(/retentionDays/);
      expect((await settings.get()).endOfTurnMs).toBe(900);
    } finally {
      await store.close();
    }
  });
});
