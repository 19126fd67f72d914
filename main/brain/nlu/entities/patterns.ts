import type { Language } from '../../language.ts';
import { CN_NUMBER, parseChineseNumber, parseEnglishNumber } from './numbers.ts';
import type { Entity } from './types.ts';

const NUMBER: Record<Language, string> = { en: '(\\d[\\d,]*(?:\\.\\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|sixty)', 'zh-CN': `(${CN_NUMBER})` };

/**
 * A plugin's own numeric entity (e.g. the customer's age) from regular expressions in its manifest.
 * `{number}` in a pattern stands for a number in that language, digits or words.
 */
export function patternExtractor(entity: string, patterns: Record<Language, string[]>): (text: string, language: Language) => Entity[] {
  const compiled = {
    en: patterns.en.map((p) => new RegExp(p.replaceAll('{number}', NUMBER.en), 'i')),
    'zh-CN': patterns['zh-CN'].map((p) => new RegExp(p.replaceAll('{number}', NUMBER['zh-CN']), 'i')),
  };
  return (text, language) => {
    for (const re of compiled[language]) {
      const m = re.exec(text);
      if (!m?.[1]) continue;
      const value = language === 'en' ? parseEnglishNumber(m[1]) : parseChineseNumber(m[1]);
      if (value !== null) return [{ entity, value, text: m[0] }];
    }
    return [];
  };
}
