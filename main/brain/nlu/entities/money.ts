import { CN_NUMBER, parseChineseNumber, parseEnglishNumber } from './numbers.ts';
import type { Entity } from './types.ts';

const EN_MONEY = /(?:(\$|usd|rmb|¥|￥)\s?)?\b(\d[\d,]*(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|hundred)\s?(k|thousand|grand|m|mil|million)?\b\s?(dollars?|bucks|yuan|rmb|usd)?/gi;
// A number right before a counter word (一年, 两个) is not part of the amount: 五十万一年 is 五十万 a year.
const ZH_MONEY = new RegExp(`([¥￥])?(${CN_NUMBER})(?![年个次天月岁号点周])(块钱|块|元|人民币|美元|刀)?`, 'g');

/**
 * Amounts of money: `$200`, `500k`, `2,000 dollars`, `五千块`, `3万`, `五十万保额`.
 * A bare number counts only with a currency sign or word, or a scale (k, 万): "I'm 45" is not money.
 */
export function extractMoney(text: string): Entity[] {
  const found: Entity[] = [];
  for (const m of text.matchAll(EN_MONEY)) {
    const [whole, sign, amount, scale, word] = m;
    if (!sign && !scale && !word) continue;
    const value = parseEnglishNumber(amount!, scale ?? '');
    if (value !== null) found.push({ entity: 'money', value, text: whole.trim(), currency: currencyOf(sign ?? word) });
  }
  for (const m of text.matchAll(ZH_MONEY)) {
    const [whole, sign, amount, word] = m;
    const hasScale = /[万萬亿千]/.test(amount!);
    if (!sign && !word && !hasScale) continue;
    if (/^\d+$/.test(amount!) && !sign && !word) continue;
    const value = parseChineseNumber(amount!);
    if (value !== null && value > 0) found.push({ entity: 'money', value, text: whole, currency: word === '美元' || word === '刀' ? 'USD' : 'CNY' });
  }
  return found;
}

function currencyOf(marker: string | undefined): string | undefined {
  if (!marker) return undefined;
  return /^(\$|usd|dollars?|bucks)$/i.test(marker) ? 'USD' : 'CNY';
}
