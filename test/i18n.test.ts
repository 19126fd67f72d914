import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { en, languages, pickLanguage, resources } from '../locales/index.ts';
import { repoRoot } from './helpers/cli.ts';
import descriptions from '../locales/descriptions.json' with { type: 'json' };

function leaves(node: unknown, prefix = ''): string[] {
  if (typeof node === 'string') return [prefix];
  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(full) : /\.tsx?$/.test(e.name) ? [full] : [];
  });
}

/** i18next plural forms (`count_one`, `count_other`): each language has its own set, the code names the base key. */
const PLURAL = /_(zero|one|two|few|many|other)$/;
const base = (key: string) => key.replace(PLURAL, '');
const keys = new Set(leaves(en).map(base));

describe('locales', () => {
  it('every locale file on disk is loaded', () => {
    for (const lng of languages) {
      const files = fs.readdirSync(path.join(repoRoot, 'locales', lng)).filter((f) => f.endsWith('.json'));
      const loaded = leaves(resources[lng].translation);
      for (const file of files) {
        const content = JSON.parse(fs.readFileSync(path.join(repoRoot, 'locales', lng, file), 'utf8'));
        expect(loaded, `${lng}/${file}`).toEqual(expect.arrayContaining(leaves(content)));
      }
    }
  });

  it.each(languages)('%s has exactly the keys of every other language, none empty', (lng) => {
    const own = leaves(resources[lng].translation);
    for (const other of languages) expect(new Set(own.map(base)), `${lng} vs ${other}`).toEqual(new Set(leaves(resources[other].translation).map(base)));
    // Every plural has its `other` form, the one i18next falls back to in every language.
    for (const key of own.filter((k) => PLURAL.test(k))) expect(own, key).toContain(`${base(key)}_other`);
    const values = own.map((k) => k.split('.').reduce<unknown>((n, p) => (n as Record<string, unknown>)[p], resources[lng].translation));
    expect(values.every((v) => typeof v === 'string' && v.trim().length > 0)).toBe(true);
  });

  it('every key the code uses exists, and keys are literal', () => {
    const used: string[] = [];
    const dynamic: string[] = [];
    for (const file of [...sourceFiles(path.join(repoRoot, 'main')), ...sourceFiles(path.join(repoRoot, 'renderer'))]) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\b(?:t|msg)\(\s*(['"`])((?:(?!\1).)*)\1/g)) {
        const key = m[2]!;
        // A template key may only vary over a typed union (e.g. doctor.status.${status}); expand it against the locale.
        if (m[1] === '`' && key.includes('${')) {
          const pattern = new RegExp(`^${key.replace(/\./g, '\\.').replace(/\$\{[^}]+\}/g, '[^.]+')}$`);
          const matches = [...keys].filter((k) => pattern.test(k));
          if (matches.length === 0) dynamic.push(`${path.relative(repoRoot, file)}: ${key}`);
          continue;
        }
        used.push(key);
      }
    }
    expect(used.length).toBeGreaterThan(20);
    expect(used.filter((k) => !keys.has(k))).toEqual([]);
    expect(dynamic).toEqual([]);
  });

  it('Chinese addresses the user as 您 throughout, never 你', () => {
    const zh = resources['zh-CN'].translation;
    const value = (key: string) => key.split('.').reduce<unknown>((n, p) => (n as Record<string, unknown>)[p], zh) as string;
    expect(leaves(zh).filter((k) => value(k).includes('你'))).toEqual([]);
  });

  it('the wrap-up stage does not read like the End-call button', () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      const call = (resources[lang].translation as { call: { end: string; stage: { wrap_up: string } } }).call;
      expect(call.stage.wrap_up, lang).not.toBe(call.end);
    }
  });

  it('translator descriptions name real keys', () => {
    expect(Object.keys(descriptions).filter((k) => !keys.has(k))).toEqual([]);
  });

  it('maps OS locales to a UI language', () => {
    expect(pickLanguage('zh-CN')).toBe('zh-CN');
    expect(pickLanguage('zh-TW')).toBe('zh-CN');
    expect(pickLanguage('en-GB')).toBe('en');
    expect(pickLanguage('de')).toBe('en');
    expect(pickLanguage(undefined)).toBe('en');
  });
});
