import type { ChecklistItemView } from '../../../preload/contract.ts';
import type { Language } from '../language.ts';
import type { Playbook } from '../playbook/schema.ts';


/** Ticks script items as the rep says them, from the rep's own transcript; the words themselves are not kept. */
export class Checklist {
  readonly #items: { id: string; label: Playbook['checklist'][number]['label']; patterns: Record<Language, RegExp[]> }[];
  readonly #done = new Set<string>();

  constructor(items: Playbook['checklist']) {
    this.#items = items.map((item) => ({
      id: item.id,
      label: item.label,
      patterns: { en: item.patterns.en.map((p) => new RegExp(p, 'i')), 'zh-CN': item.patterns['zh-CN'].map((p) => new RegExp(p, 'i')) },
    }));
  }

  /** Returns the ids newly ticked by this utterance. */
  hear(text: string, language: Language): string[] {
    const ticked = this.#items.filter((i) => !this.#done.has(i.id) && i.patterns[language].some((re) => re.test(text))).map((i) => i.id);
    ticked.forEach((id) => this.#done.add(id));
    return ticked;
  }

  status(language: Language): ChecklistItemView[] {
    return this.#items.map((i) => ({ id: i.id, label: i.label[language], done: this.#done.has(i.id) }));
  }
}
