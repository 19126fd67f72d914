import type { Agent } from '@mastra/core/agent';
import type { Language } from '../language.ts';

export type RewriterModel = ConstructorParameters<typeof Agent>[0]['model'];

export interface Rewrite {
  text: string;
  rewritten: boolean;
  ms: number;
  /** Why the playbook line was kept. */
  kept?: 'budget' | 'error' | 'changed_facts' | 'empty';
}

const instructions = `You help a phone sales rep. You get the conversation so far and the rep's next line from the sales playbook.
Rephrase that line so it follows naturally from what the customer just said.
Rules: keep every fact, number, price, product name and company name exactly; keep the same language as the line;
at most two short sentences; no greetings unless the line has one; output only the new line, nothing else.`;

/** Digits in a line: a rewrite that drops or changes a price or a number is not used. */
function numbers(text: string): string[] {
  return (text.match(/\d[\d,.]*/g) ?? []).map((n) => n.replace(/[,.]$/, '')).sort();
}

/**
 * Optional LLM rephrasing of the chosen playbook line, through a Mastra agent. Strictly off unless configured;
 * within a latency budget, after which the playbook line is used unchanged. Compliance lines are never rewritten
 * (the caller passes only response/card/state lines), and a rewrite that changes any number is discarded.
 */
export class LineRewriter {
  readonly #agent: Agent;
  readonly budgetMs: number;

  private constructor(agent: Agent, budgetMs: number) {
    this.#agent = agent;
    this.budgetMs = budgetMs;
  }

  static async create(model: RewriterModel, budgetMs = 1500): Promise<LineRewriter> {
    // Mastra reports usage to a third-party analytics service unless told not to; CallCue sends nothing anywhere.
    process.env.MASTRA_TELEMETRY_DISABLED = '1';
    const { Agent } = await import('@mastra/core/agent');
    return new LineRewriter(new Agent({ id: 'callcue-line-rewriter', name: 'CallCue line rewriter', instructions, model }), budgetMs);
  }

  async rewrite(line: string, context: { language: Language; history: { speaker: 'rep' | 'customer'; text: string }[] }): Promise<Rewrite> {
    const started = performance.now();
    const keep = (kept: Rewrite['kept']): Rewrite => ({ text: line, rewritten: false, ms: Math.round(performance.now() - started), kept });
    const transcript = context.history.slice(-6).map((h) => `${h.speaker === 'rep' ? 'Rep' : 'Customer'}: ${h.text}`).join('\n');
    const prompt = `Conversation (${context.language}):\n${transcript}\n\nPlaybook line: ${line}\n\nRephrased line:`;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.budgetMs);
    try {
      const result = await Promise.race([
        this.#agent.generate(prompt, { abortSignal: abort.signal }),
        new Promise<null>((resolve) => abort.signal.addEventListener('abort', () => resolve(null), { once: true })),
      ]);
      if (!result) return keep('budget');
      const text = result.text.trim().replace(/^["“]|["”]$/g, '');
      if (!text) return keep('empty');
      if (numbers(text).join() !== numbers(line).join()) return keep('changed_facts');
      return { text, rewritten: true, ms: Math.round(performance.now() - started) };
    } catch {
      return keep(abort.signal.aborted ? 'budget' : 'error');
    } finally {
      clearTimeout(timer);
    }
  }
}

/** A model behind any OpenAI-compatible endpoint (a local Ollama or llama.cpp server, or a company gateway). */
export async function openAICompatibleModel(options: { baseURL: string; model: string; apiKey?: string }): Promise<RewriterModel> {
  const { createOpenAICompatible } = await import('@ai-sdk/openai-compatible');
  return createOpenAICompatible({ name: 'callcue-llm', baseURL: options.baseURL, apiKey: options.apiKey }).chatModel(options.model) as RewriterModel;
}
