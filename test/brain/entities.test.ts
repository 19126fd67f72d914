import { describe, expect, it } from 'vitest';
import { extractDateTime, zonedIso } from '../../main/brain/nlu/entities/datetime.ts';
import { extractMoney } from '../../main/brain/nlu/entities/money.ts';
import { parseChineseNumber } from '../../main/brain/nlu/entities/numbers.ts';
import { loadPlugin } from '../../main/brain/plugins/loader.ts';
import { detectLanguage } from '../../main/brain/language.ts';
import { repoRoot } from '../helpers/cli.ts';

describe('numbers', () => {
  it.each([
    ['三千五', 3500], ['两万', 20000], ['五十万', 500000], ['一千二百三十', 1230], ['十五', 15], ['三十五', 35],
    ['2.5万', 25000], ['3万5千', 35000], ['一百零五', 105], ['１２', 12], ['二十', 20],
  ])('%s = %d', (text, value) => expect(parseChineseNumber(text)).toBe(value));
  it('rejects what is not a number', () => expect(parseChineseNumber('多少')).toBeNull());
});

describe('money', () => {
  it.each([
    ['it costs $200 a month?', 200, 'USD'], ['I want 500k cover', 500000, undefined], ['about 2,000 dollars', 2000, 'USD'],
    ['保五十万', 500000, 'CNY'], ['五千块', 5000, 'CNY'], ['预算3万', 30000, 'CNY'], ['¥2999', 2999, 'CNY'],
  ])('%s', (text, value, currency) => {
    expect(extractMoney(text)[0]).toMatchObject({ entity: 'money', value, ...(currency ? { currency } : {}) });
  });
  it('does not read ages, counts or plain numbers as money', () => {
    expect(extractMoney("I'm 45 years old")).toEqual([]);
    expect(extractMoney('我今年三十五岁')).toEqual([]);
    expect(extractMoney('保五十万一年多少钱').map((m) => m.value)).toEqual([500000]);
  });
});

describe('date and time, in the customer time zone', () => {
  const now = new Date('2026-11-25T09:00:00Z'); // 17:00 in Shanghai, 04:00 in New York
  it('resolves Chinese expressions in Asia/Shanghai', () => {
    expect(extractDateTime('明天下午三点再打给我', 'zh-CN', now, 'Asia/Shanghai')[0]?.value).toBe('2026-11-26T15:00:00+08:00');
    expect(extractDateTime('下周一上午十点吧', 'zh-CN', now, 'Asia/Shanghai')[0]?.value).toBe('2026-11-30T10:00:00+08:00');
  });
  it('resolves English expressions in America/New_York, with its offset', () => {
    expect(extractDateTime('call me tomorrow at 3pm', 'en', now, 'America/New_York')[0]?.value).toBe('2026-11-26T15:00:00-05:00');
    // "tomorrow" is relative to the customer's date, not the machine's: 23:30 UTC is already the next day in Shanghai.
    expect(extractDateTime('tomorrow at 10am', 'en', new Date('2026-11-25T23:30:00Z'), 'Asia/Shanghai')[0]?.value).toBe('2026-11-27T10:00:00+08:00');
  });
  it('reads spelled-out hours', () => {
    expect(extractDateTime('Please call me back tomorrow at three in the afternoon.', 'en', now, 'Asia/Shanghai')[0]?.value).toBe('2026-11-26T15:00:00+08:00');
    expect(extractDateTime("ring me at ten o'clock on Monday", 'en', now, 'Asia/Shanghai')[0]?.value).toBe('2026-11-30T10:00:00+08:00');
    expect(extractDateTime('I have one question', 'en', now, 'Asia/Shanghai')).toEqual([]);
  });

  it('takes a bare small hour as afternoon', () => {
    expect(extractDateTime('明天3点', 'zh-CN', now, 'Asia/Shanghai')[0]?.value).toBe('2026-11-26T15:00:00+08:00');
  });
  it('handles daylight saving', () => {
    expect(zonedIso({ year: 2026, month: 7, day: 1, hour: 9, minute: 0 }, 'Europe/London')).toBe('2026-07-01T09:00:00+01:00');
    expect(zonedIso({ year: 2026, month: 12, day: 1, hour: 9, minute: 0 }, 'Europe/London')).toBe('2026-12-01T09:00:00+00:00');
  });
});

describe('plugin entities', () => {
  const insurance = loadPlugin(`${repoRoot}/resources/plugins/insurance`);
  const appliances = loadPlugin(`${repoRoot}/resources/plugins/appliances`);
  it('finds products by synonym, longest first, in both languages', () => {
    expect(insurance.extractEntities('is medical insurance expensive', 'en')).toContainEqual(expect.objectContaining({ entity: 'product', value: 'health' }));
    expect(insurance.extractEntities('意外险怎么卖', 'zh-CN')).toContainEqual(expect.objectContaining({ entity: 'product', value: 'accident' }));
    expect(appliances.extractEntities('how much is the side-by-side fridge', 'en').filter((e) => e.entity === 'product').map((e) => e.value)).toEqual(['fridge_side_by_side']);
    expect(appliances.extractEntities('对开门冰箱多少钱', 'zh-CN').filter((e) => e.entity === 'product').map((e) => e.value)).toEqual(['fridge_side_by_side']);
    // Whole words only: "AC" must not match inside "ACcount".
    expect(appliances.extractEntities('my account', 'en')).toEqual([]);
  });
  it("finds the customer's age", () => {
    expect(insurance.extractEntities("I'm 45 years old", 'en')).toContainEqual(expect.objectContaining({ entity: 'age', value: 45 }));
    expect(insurance.extractEntities('我今年三十五', 'zh-CN')).toContainEqual(expect.objectContaining({ entity: 'age', value: 35 }));
    expect(insurance.extractEntities('我42岁', 'zh-CN')).toContainEqual(expect.objectContaining({ entity: 'age', value: 42 }));
  });
  it('quotes from the declarative tables', () => {
    expect(insurance.quote({ product: 'health', age: 40, cover: 500000 })).toMatchObject({ amount: 190, currency: 'CNY', period: 'month' });
    expect(insurance.quote({ product: 'health' })).toBeNull();
    expect(insurance.quote({ product: 'health', age: 99 })).toBeNull();
    expect(appliances.quote({ product: 'ac_split' })).toMatchObject({ amount: 2699, listPrice: 2999 });
    expect(appliances.quote({ product: 'fridge' })).toMatchObject({ amount: 2499 });
  });
});

describe('language', () => {
  it('is decided by the script', () => {
    expect(detectLanguage('how much')).toBe('en');
    expect(detectLanguage('OK 多少钱')).toBe('zh-CN');
  });
});
