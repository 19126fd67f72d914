import type { Language, Localized } from '../language.ts';
import type { TrainingExample } from '../nlu/data.ts';
import type { Entity } from '../nlu/entities/types.ts';
import type { Playbook } from '../playbook/schema.ts';
import type { Quote, QuoteRequest } from './quote.ts';
import type { Card, Manifest } from './schema.ts';

/** One business line: what it sells, how its calls go, and what its customers say. */
export interface SalesPlugin {
  id: string;
  version: string;
  title: Localized;
  company: Localized;
  /** Intents beyond the core set. */
  intents: string[];
  products: Manifest['products'];
  playbook: Playbook;
  /** Objection cards, keyed by objection intent. */
  cards: Record<string, Card>;
  /** Its training examples (added to the core examples). */
  training: TrainingExample[];
  /** Its entity finders: products and its own numeric entities. */
  extractEntities(text: string, language: Language): Entity[];
  quote(request: QuoteRequest): Quote | null;
}
