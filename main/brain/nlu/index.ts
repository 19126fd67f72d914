import { LRUCache } from 'lru-cache';
import { detectLanguage, type Language } from '../language.ts';
import { UNKNOWN } from '../intents.ts';
import { IntentClassifier, type IntentScore } from './classifier.ts';
import type { TrainingExample } from './data.ts';
import { extractDateTime } from './entities/datetime.ts';
import { extractMoney } from './entities/money.ts';
import type { Entity } from './entities/types.ts';

export type { Entity } from './entities/types.ts';
export type { IntentScore } from './classifier.ts';

export interface NluResult {
  text: string;
  intent: string;
  confidence: number;
  language: Language;
  entities: Entity[];
  /** True when the best intent scored under the threshold; `intent` is then "unknown". */
  unknown: boolean;
  /** The runners-up, for explaining a choice. */
  alternatives: IntentScore[];
}

export interface ClassifyOptions {
  language?: Language;
  now?: Date;
  /** The customer's IANA time zone, for resolving "tomorrow at 3". */
  timeZone?: string;
}

/** Intent + entities for an utterance. Repeated utterances are answered from an in-memory cache (never persisted). */
export class Nlu {
  readonly classifier: IntentClassifier;
  readonly threshold: number;
  readonly #extra: (text: string, language: Language) => Entity[];
  readonly #cache = new LRUCache<string, IntentScore[]>({ max: 1000 });

  private constructor(classifier: IntentClassifier, extra: (text: string, language: Language) => Entity[], threshold: number) {
    this.classifier = classifier;
    this.#extra = extra;
    this.threshold = threshold;
  }

  static async create(examples: readonly TrainingExample[], options: { extractEntities?: (text: string, language: Language) => Entity[]; threshold?: number } = {}): Promise<Nlu> {
    return new Nlu(await IntentClassifier.train(examples), options.extractEntities ?? (() => []), options.threshold ?? 0.5);
  }

  async classify(text: string, options: ClassifyOptions = {}): Promise<NluResult> {
    const language = options.language ?? detectLanguage(text);
    const key = `${language}\u0000${text.trim().toLowerCase()}`;
    let ranked = this.#cache.get(key);
    if (!ranked) {
      ranked = await this.classifier.rank(text, language);
      this.#cache.set(key, ranked);
    }
    const best = ranked[0];
    const unknown = !best || best.confidence < this.threshold;
    const entities = [
      ...this.#extra(text, language),
      ...extractMoney(text),
      ...extractDateTime(text, language, options.now ?? new Date(), options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone),
    ];
    return {
      text,
      intent: unknown ? UNKNOWN : best.intent,
      confidence: best?.confidence ?? 0,
      language,
      entities,
      unknown,
      alternatives: ranked.slice(unknown ? 0 : 1, 3),
    };
  }
}
