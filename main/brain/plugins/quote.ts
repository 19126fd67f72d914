import type { Language, Localized } from '../language.ts';
import type { QuoteSpec } from './schema.ts';

export interface QuoteRequest {
  product?: string;
  age?: number;
  cover?: number;
}

export interface Quote {
  product: string;
  amount: number;
  currency: string;
  period: 'month' | 'once';
  cover?: number;
  /** Price before the promotion, when one applies. */
  listPrice?: number;
  promotion?: Localized;
}

/** Prices from a plugin's declarative quote table; null when the product is unknown or a needed input is missing. */
export function quote(spec: QuoteSpec, request: QuoteRequest, today = new Date()): Quote | null {
  if (!request.product || !(request.product in spec.products)) return null;
  if (spec.kind === 'age_cover_table') {
    if (request.age === undefined) return null;
    const table = spec.products[request.product]!;
    const band = table.bands.find((b) => request.age! <= b.maxAge);
    if (!band) return null;
    const cover = request.cover ?? spec.defaultCover;
    return { product: request.product, amount: Math.round((band.monthly * cover) / table.per), currency: spec.currency, period: 'month', cover };
  }
  const item = spec.products[request.product]!;
  const promo = item.promotion && new Date(`${item.promotion.until}T23:59:59`) >= today ? item.promotion : undefined;
  return promo
    ? { product: request.product, amount: item.price - promo.discount, listPrice: item.price, currency: spec.currency, period: 'once', promotion: promo.note }
    : { product: request.product, amount: item.price, currency: spec.currency, period: 'once' };
}

export function formatMoney(amount: number, currency: string, language: Language): string {
  return new Intl.NumberFormat(language, { style: 'currency', currency, currencyDisplay: 'narrowSymbol', maximumFractionDigits: 0 }).format(amount);
}

/** `¥58 a month` / `每月¥58`. */
export function formatPrice(q: Quote, language: Language): string {
  const money = formatMoney(q.amount, q.currency, language);
  if (q.period === 'once') return money;
  return language === 'zh-CN' ? `每月${money}` : `${money} a month`;
}
