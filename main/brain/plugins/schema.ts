import { z } from 'zod';
import { Localized, LocalizedLines } from '../language.ts';

const Id = z.string().regex(/^[a-z][a-z0-9_-]*$/, 'ids are lower-case letters, digits, - and _');
const Words = z.object({ en: z.array(z.string().min(1)).min(1), 'zh-CN': z.array(z.string().min(1)).min(1) });

const AgeCoverTable = z
  .object({
    kind: z.literal('age_cover_table'),
    currency: z.string(),
    /** Cover assumed when the customer names none. */
    defaultCover: z.number().positive(),
    products: z.record(
      Id,
      z.object({
        /** Monthly premium per `per` of cover, by the first age band whose maxAge the customer is under or at. */
        per: z.number().positive(),
        bands: z.array(z.object({ maxAge: z.number().int().positive(), monthly: z.number().positive() }).strict()).min(1),
      }),
    ),
  })
  .strict();

const PriceList = z
  .object({
    kind: z.literal('price_list'),
    currency: z.string(),
    products: z.record(
      Id,
      z.object({ price: z.number().positive(), promotion: z.object({ discount: z.number().nonnegative(), until: z.string(), note: Localized }).strict().optional() }).strict(),
    ),
  })
  .strict();

export const Manifest = z
  .object({
    id: Id,
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'version is semver, e.g. 1.0.0'),
    title: Localized,
    company: Localized,
    /** Intents this business line adds to the core set. */
    intents: z.array(z.string().regex(/^[a-z][a-z0-9_]*$/)).default([]),
    products: z.record(Id, z.object({ title: Localized, synonyms: Words, /** One-line description for {{pitch}}. */ pitch: Localized }).strict()),
    /** Numeric entities found by patterns; `{number}` stands for a number in digits or words. */
    entities: z.record(Id, z.object({ patterns: Words }).strict()).default({}),
    quote: z.discriminatedUnion('kind', [AgeCoverTable, PriceList]),
  })
  .strict();
export type Manifest = z.infer<typeof Manifest>;
export type QuoteSpec = Manifest['quote'];

export const Card = z.object({ title: Localized, tips: LocalizedLines, lines: LocalizedLines }).strict();
export type Card = z.infer<typeof Card>;
export const Cards = z.record(z.string().regex(/^objection_[a-z_]+$/, 'cards are keyed by objection intent'), Card);
