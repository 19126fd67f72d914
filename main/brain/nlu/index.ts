import { LRUCache } from 'lru-cache';
import { detectLanguage, type Language } from '../language.ts';
import { complianceIntents, UNKNOWN } from '../intents.ts';
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

/**
 * Decision thresholds, chosen by 5-fold cross-validation on the training data (README, "Sales brain"):
 * a compliance intent wins whenever it scores at least COMPLIANCE_THRESHOLD, because missing an opt-out costs far
 * more than one extra polite goodbye (CV: opt-out recall 100%, precision 90%); below DEFAULT_THRESHOLD the
 * best intent is reported as unknown.
 */
export const COMPLIANCE_THRESHOLD = 0.2;
export const DEFAULT_THRESHOLD = 0.25;

/** The decision: compliance first, then the best intent if it is confident enough. */
export function decide(ranked: readonly IntentScore[], threshold = DEFAULT_THRESHOLD): { intent: string; confidence: number; unknown: boolean } {
  const compliance = ranked.find((s) => (complianceIntents as readonly string[]).includes(s.intent) && s.confidence >= COMPLIANCE_THRESHOLD);
  if (compliance) return { ...compliance, unknown: false };
  const best = ranked[0];
  return best && best.confidence >= threshold ? { ...best, unknown: false } : { intent: UNKNOWN, confidence: best?.confidence ?? 0, unknown: true };
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
    return new Nlu(await IntentClassifier.train(examples), options.extractEntities ?? (() => []), options.threshold ?? DEFAULT_THRESHOLD);
  }

  async classify(text: string, options: ClassifyOptions = {}): Promise<NluResult> {
    const language = options.language ?? detectLanguage(text);
    const key = `${language}\u0000${text.trim().toLowerCase()}`;
    let ranked = this.#cache.get(key);
    if (!ranked) {
      ranked = await this.classifier.rank(text, language);
      this.#cache.set(key, ranked);
    }
    const { intent, confidence, unknown } = decide(ranked, this.threshold);
    const entities = [
      ...this.#extra(text, language),
      ...extractMoney(text),
      ...extractDateTime(text, language, options.now ?? new Date(), options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone),
    ];
    return {
      text,
      intent,
      confidence,
      language,
      entities,
      unknown,
      alternatives: ranked.filter((s) => s.intent !== intent).slice(0, 2),
    };
  }
}
