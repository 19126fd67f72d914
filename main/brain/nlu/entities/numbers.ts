const digits: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 壹: 1, 二: 2, 两: 2, 贰: 2, 三: 3, 叁: 3, 四: 4, 肆: 4, 五: 5, 伍: 5, 六: 6, 陆: 6, 七: 7, 柒: 7, 八: 8, 捌: 8, 九: 9, 玖: 9 };
const units: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };
const bigUnits: Record<string, number> = { 万: 1e4, 萬: 1e4, 亿: 1e8 };

export const CN_NUMBER = '[0-9０-９.零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟萬]+';

/**
 * Parses Chinese and mixed numerals: 三千五, 两万, 五十万, 3万5千, 一千二百三十, 十五, 2.5万.
 * A trailing digit after a unit counts one step down (三千五 = 3500), as people say it.
 */
export function parseChineseNumber(text: string): number | null {
  const s = text.replace(/[０-９]/g, (c) => String(c.charCodeAt(0) - 0xff10));
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  let total = 0;
  let section = 0;
  let number: number | null = null;
  let lastUnit = 1;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const run = /^\d+(\.\d+)?/.exec(s.slice(i));
    if (run) {
      number = Number(run[0]);
      i += run[0].length - 1;
    } else if (ch in digits) {
      number = digits[ch]!;
      // 一百零五: after a zero the digit is plain units, not the 三千五 shorthand.
      if (number === 0) lastUnit = 1;
    } else if (ch in units) {
      section += (number ?? 1) * units[ch]!;
      lastUnit = units[ch]!;
      number = null;
    } else if (ch in bigUnits) {
      total = (total + section + (number ?? 0)) * bigUnits[ch]!;
      section = 0;
      number = null;
      lastUnit = 1;
    } else {
      return null;
    }
  }
  if (number !== null) section += lastUnit >= 100 && number < 10 && !/\d/.test(s.at(-1)!) ? (number * lastUnit) / 10 : number;
  return total + section;
}

const enWords: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  fifteen: 15, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, hundred: 100,
};

/** Parses `45`, `1,200`, `2.5`, `twenty`, and applies k/m/thousand/million suffixes. */
export function parseEnglishNumber(amount: string, suffix = ''): number | null {
  const base = amount.toLowerCase() in enWords ? enWords[amount.toLowerCase()]! : Number(amount.replace(/,/g, ''));
  if (!Number.isFinite(base)) return null;
  const scale = /^(k|thousand|grand)$/i.test(suffix) ? 1e3 : /^(m|mil|million)$/i.test(suffix) ? 1e6 : 1;
  return base * scale;
}
