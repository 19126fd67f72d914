import type { Language } from '../language.ts';

/**
 * Character n-gram features. For Chinese, characters carry the meaning and word segmentation is error-prone,
 * so 1-3 character grams; for English, whole words plus 3-5 character grams inside words, which catch
 * inflections and misrecognitions ("callin", "scammers") a word model would miss.
 */
export function ngramFeatures(text: string, language: Language): string[] {
  const clean = text.toLowerCase().replace(/[^\p{L}\p{N}\s']/gu, ' ').replace(/\s+/g, ' ').trim();
  const out: string[] = [];
  if (language === 'zh-CN') {
    const chars = [...clean.replace(/\s/g, '')];
    for (let n = 1; n <= 3; n++) for (let i = 0; i + n <= chars.length; i++) out.push(chars.slice(i, i + n).join(''));
    return out;
  }
  const words = clean.split(' ').filter(Boolean);
  words.forEach((w, i) => {
    out.push(`w:${w}`);
    if (i > 0) out.push(`b:${words[i - 1]} ${w}`);
    const padded = `<${w}>`;
    for (let n = 3; n <= 5; n++) for (let j = 0; j + n <= padded.length; j++) out.push(padded.slice(j, j + n));
  });
  return out;
}
