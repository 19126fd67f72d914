import type { CardView, ChecklistItemView, ComplianceFlags, SuggestionView } from '../../preload/contract.ts';
import { isCompliance, isObjection } from './intents.ts';
import type { Language } from './language.ts';
import type { Nlu, NluResult } from './nlu/index.ts';
import { PlaybookRun } from './playbook/machine.ts';
import type { Stage } from './playbook/schema.ts';
import type { SalesPlugin } from './plugins/plugin.ts';
import { formatMoney, formatPrice } from './plugins/quote.ts';
import { Checklist } from './suggest/checklist.ts';
import { fillTemplate } from './suggest/template.ts';

export type CallMode = 'assist' | 'auto';
export type Outcome = 'in_progress' | 'sale' | 'interested' | 'callback_scheduled' | 'not_interested' | 'opted_out';

/** A next line; the contract's view of it, with the sources the brain uses. Ranks 1-3 are the keyboard shortcuts. */
export interface Suggestion extends SuggestionView {
  source: 'compliance' | 'response' | 'card' | 'state';
}

export interface TurnResult {
  nlu: NluResult;
  from: Stage;
  state: Stage;
  goal: string;
  suggestions: Suggestion[];
  card?: CardView;
  compliance?: ComplianceFlags;
  slots: Slots;
  outcome: Outcome;
  checklist: ChecklistItemView[];
  /** The intent is a guess under LOW_CONFIDENCE: the playbook and the outcome stayed where they were. */
  lowConfidence?: true;
}

export interface Slots {
  product?: string;
  age?: number;
  cover?: number;
  callbackAt?: string;
}

export interface CallOptions {
  language: Language;
  mode: CallMode;
  timeZone: string;
  agent?: string;
  now?: () => Date;
}

const MAX_SUGGESTIONS = 3;

/**
 * Under this the NLU's best intent is a guess: on the held-out set (test/fixtures/brain) it is right 59% of the
 * time below 0.5 and 97% above (88 of 1,116 utterances fall below). Such a turn warns the rep and does not move the
 * playbook or the outcome. Compliance intents act at any confidence the NLU lets through.
 */
export const LOW_CONFIDENCE = 0.5;

/**
 * The sales brain for one call: customer turns move the playbook and produce next-line suggestions; rep turns
 * tick the script checklist. Compliance rules run first and no playbook can override them.
 */
export class CallBrain {
  readonly #plugin: SalesPlugin;
  readonly #nlu: Nlu;
  readonly #options: CallOptions;
  readonly #run: PlaybookRun;
  readonly #checklist: Checklist;
  readonly slots: Slots = {};
  #outcome: Outcome = 'in_progress';

  constructor(plugin: SalesPlugin, nlu: Nlu, options: CallOptions) {
    this.#plugin = plugin;
    this.#nlu = nlu;
    this.#options = options;
    this.#run = new PlaybookRun(plugin.playbook);
    this.#checklist = new Checklist(plugin.playbook.checklist);
  }

  get state(): Stage {
    return this.#run.state;
  }

  get outcome(): Outcome {
    return this.#outcome;
  }

  get language(): Language {
    return this.#options.language;
  }

  /** What to say first: the greeting, with the disclosure the mode requires. */
  opening(): Suggestion[] {
    const { playbook } = this.#plugin;
    const disclosure = this.#options.mode === 'auto' ? playbook.auto.disclosure : playbook.disclosure;
    return this.#rank([
      ...this.#lines(disclosure, 'compliance', 'disclosure'),
      ...this.#lines(playbook.states[playbook.initial].lines, 'state', `${playbook.initial}.lines`),
    ]);
  }

  /** The callee pressed the opt-out key (9): the same rule as saying it; the goodbye to say before hanging up. */
  keyOptOut(): Suggestion[] {
    this.#outcome = 'opted_out';
    return this.#rank(this.#lines(this.#plugin.playbook.responses.opt_out!, 'compliance', 'opt_out (key 9): end politely, number to do-not-call'));
  }

  /** A final rep utterance: ticks checklist items. */
  hearRep(text: string): ChecklistItemView[] {
    this.#checklist.hear(text, this.#options.language);
    return this.#checklist.status(this.#options.language);
  }

  /** A final customer utterance: classify, apply compliance, move the playbook, suggest. */
  async hearCustomer(text: string): Promise<TurnResult> {
    return this.#answer(await this.#classify(text), true);
  }

  /**
   * What `hearCustomer` would answer to the customer's words so far, changing nothing (playbook, slots, outcome): a
   * suggestion prepared while they speak, confirmed or replaced when their turn's final words come.
   */
  async preview(text: string): Promise<TurnResult> {
    return this.#answer(await this.#classify(text), false);
  }

  #classify(text: string): Promise<NluResult> {
    return this.#nlu.classify(text, { now: this.#options.now?.(), timeZone: this.#options.timeZone });
  }

  #answer(nlu: NluResult, commit: boolean): TurnResult {
    const slots = commit ? this.slots : { ...this.slots };
    fillSlots(slots, nlu);
    const { playbook, cards } = this.#plugin;
    const lang = this.#options.language;
    const candidates: Omit<Suggestion, 'rank'>[] = [];
    let compliance: TurnResult['compliance'];

    const lowConfidence = nlu.confidence < LOW_CONFIDENCE && !isCompliance(nlu.intent);
    const stay = nlu.intent === 'ask_if_bot' || lowConfidence;
    const { from, to } = stay ? { from: this.state, to: this.state } : commit ? this.#run.send(nlu.intent) : this.#run.peek(nlu.intent);
    let outcome = this.#outcome;
    if (nlu.intent === 'opt_out') {
      compliance = { optOut: true };
      outcome = 'opted_out';
      candidates.push(...this.#lines(playbook.responses.opt_out!, 'compliance', 'opt_out: end politely, number to do-not-call', slots));
    } else if (nlu.intent === 'ask_if_bot') {
      compliance = { askIfBot: true };
      const truthful = this.#options.mode === 'auto' ? playbook.auto.responses.ask_if_bot! : playbook.responses.ask_if_bot!;
      candidates.push(...this.#lines(truthful, 'compliance', 'ask_if_bot: answer truthfully', slots));
    } else {
      const response = (this.#options.mode === 'auto' && playbook.auto.responses[nlu.intent]) || playbook.responses[nlu.intent];
      if (response) candidates.push(...this.#lines(response, 'response', `responses.${nlu.intent}`, slots));
      if (isObjection(nlu.intent) && to === 'objection_handling' && cards[nlu.intent]) {
        candidates.push(...this.#lines(cards[nlu.intent]!.lines, 'card', `cards.${nlu.intent}`, slots));
      }
      if (!lowConfidence) outcome = nextOutcome(outcome, nlu, to, slots);
    }
    if (commit) this.#outcome = outcome;
    // After an opt-out nothing but the goodbye is offered.
    if (nlu.intent !== 'opt_out') {
      candidates.push(...this.#lines(playbook.states[to].lines, 'state', `${from} --${nlu.intent}--> ${to}`, slots));
    }
    const card = isObjection(nlu.intent) && cards[nlu.intent] ? { intent: nlu.intent, title: cards[nlu.intent]!.title[lang], tips: cards[nlu.intent]!.tips[lang] } : undefined;
    return {
      nlu,
      from,
      state: to,
      goal: playbook.states[to].goal[lang],
      suggestions: this.#rank(candidates),
      card,
      compliance,
      slots: { ...slots },
      outcome,
      checklist: this.#checklist.status(lang),
      ...(lowConfidence && { lowConfidence: true }),
    };
  }

  #vars(slots: Slots): Record<string, string | undefined> {
    const lang = this.#options.language;
    const product = slots.product ? this.#plugin.products[slots.product] : undefined;
    const q = this.#plugin.quote({ product: slots.product, age: slots.age, cover: slots.cover });
    return {
      agent: this.#options.agent,
      company: this.#plugin.company[lang],
      product: product?.title[lang],
      pitch: product?.pitch[lang],
      price: q ? formatPrice(q, lang) : undefined,
      listPrice: q?.listPrice ? formatMoney(q.listPrice, q.currency, lang) : undefined,
      promotion: q?.promotion?.[lang],
      cover: q?.cover ? formatMoney(q.cover, q.currency, lang) : undefined,
      age: slots.age === undefined ? undefined : String(slots.age),
      callbackAt: slots.callbackAt ? formatCallback(slots.callbackAt, lang, this.#options.timeZone) : undefined,
    };
  }

  #lines(lines: Record<Language, string[]>, source: Suggestion['source'], rule: string, slots: Slots = this.slots): Omit<Suggestion, 'rank'>[] {
    const vars = this.#vars(slots);
    return lines[this.#options.language].flatMap((line) => {
      const text = fillTemplate(line, vars);
      return text ? [{ text, source, rule }] : [];
    });
  }

  #rank(candidates: Omit<Suggestion, 'rank'>[]): Suggestion[] {
    const seen = new Set<string>();
    return candidates
      .filter((c) => !seen.has(c.text) && seen.add(c.text))
      .slice(0, MAX_SUGGESTIONS)
      .map((c, i) => ({ ...c, rank: i + 1 }));
  }
}

function fillSlots(slots: Slots, nlu: NluResult): void {
  for (const e of nlu.entities) {
    if (e.entity === 'product') slots.product = String(e.value);
    else if (e.entity === 'age') slots.age = Number(e.value);
    else if (e.entity === 'money') slots.cover = Number(e.value);
    else if (e.entity === 'datetime') slots.callbackAt = String(e.value);
  }
}

function nextOutcome(outcome: Outcome, nlu: NluResult, to: Stage, slots: Slots): Outcome {
  if (nlu.intent === 'ready_to_buy') return 'sale';
  if (nlu.intent === 'request_callback' && slots.callbackAt) return 'callback_scheduled';
  if (to === 'wrap_up' && isObjection(nlu.intent) && outcome === 'in_progress') return 'not_interested';
  if (outcome === 'in_progress' && (to === 'closing' || nlu.intent === 'request_quote')) return 'interested';
  return outcome;
}

function formatCallback(iso: string, language: Language, timeZone: string): string {
  return new Intl.DateTimeFormat(language, { timeZone, weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
}

