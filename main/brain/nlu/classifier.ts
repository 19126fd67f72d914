import { containerBootstrap } from '@nlpjs/core';
import { LangEn } from '@nlpjs/lang-en-min';
import { LangZh } from '@nlpjs/lang-zh';
import { Nlp } from '@nlpjs/nlp';
import { detectLanguage, type Language } from '../language.ts';
import type { TrainingExample } from './data.ts';

export interface IntentScore {
  intent: string;
  confidence: number;
}

/** NLP.js speaks `zh` where the app speaks `zh-CN`. */
const nlpLocale: Record<Language, string> = { en: 'en', 'zh-CN': 'zh' };

/**
 * Intent classification with NLP.js's neural classifier, one model per language, trained from the examples
 * at start-up. Only the ranking comes from here; the caller decides what counts as unknown.
 */
export class IntentClassifier {
  readonly #nlp: Nlp;
  readonly intents: ReadonlySet<string>;
  readonly trainMs: number;

  private constructor(nlp: Nlp, intents: Set<string>, trainMs: number) {
    this.#nlp = nlp;
    this.intents = intents;
    this.trainMs = trainMs;
  }

  static async train(examples: readonly TrainingExample[]): Promise<IntentClassifier> {
    const started = performance.now();
    const container = await containerBootstrap();
    container.use(LangEn);
    container.use(LangZh);
    // threshold 0: NLP.js would relabel low scores as "None"; CallCue applies its own threshold.
    const nlp = new Nlp({ container, autoSave: false, autoLoad: false, threshold: 0, nlu: { log: false } });
    const languages = new Set(examples.map((e) => e.language));
    for (const language of languages) nlp.addLanguage(nlpLocale[language]);
    for (const example of examples) nlp.addDocument(nlpLocale[example.language], example.text, example.intent);
    await nlp.train();
    return new IntentClassifier(nlp, new Set(examples.map((e) => e.intent)), Math.round(performance.now() - started));
  }

  /** Ranked intents for one utterance, best first. */
  async rank(text: string, language: Language = detectLanguage(text)): Promise<IntentScore[]> {
    const result = await this.#nlp.process(nlpLocale[language], text);
    return result.classifications
      .filter((c) => c.intent !== 'None')
      .map((c) => ({ intent: c.intent, confidence: c.score }))
      .sort((a, b) => b.confidence - a.confidence);
  }
}
