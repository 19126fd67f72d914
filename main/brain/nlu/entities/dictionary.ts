import type { Language } from '../../language.ts';
import type { Entity } from './types.ts';

/** Canonical id -> the words customers use for it, per language. */
export type Synonyms = Record<string, Record<Language, string[]>>;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Finds dictionary entities (a plugin's products) by their synonyms, longest first so "double-door fridge"
 * wins over "fridge". English matches whole words, case-insensitively; Chinese matches substrings.
 */
export function dictionaryExtractor(entity: string, synonyms: Synonyms): (text: string, language: Language) => Entity[] {
  const table = (language: Language) =>
    Object.entries(synonyms)
      .flatMap(([id, byLang]) => (byLang[language] ?? []).map((word) => ({ id, word })))
      .sort((a, b) => b.word.length - a.word.length);
  const patterns = {
    // English plurals count too: "air conditioners".
    en: table('en').map(({ id, word }) => ({ id, re: new RegExp(`\\b${escape(word)}(?:e?s)?\\b`, 'i') })),
    'zh-CN': table('zh-CN').map(({ id, word }) => ({ id, re: new RegExp(escape(word), 'i') })),
  };
  return (text, language) => {
    const taken: [number, number][] = [];
    const found: Entity[] = [];
    for (const { id, re } of patterns[language]) {
      const m = re.exec(text);
      if (!m) continue;
      const span: [number, number] = [m.index, m.index + m[0].length];
      if (taken.some(([a, b]) => span[0] < b && a < span[1])) continue;
      taken.push(span);
      found.push({ entity, value: id, text: m[0] });
    }
    return found;
  };
}
