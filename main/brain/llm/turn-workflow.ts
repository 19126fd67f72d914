import { z } from 'zod';
import type { CallBrain, TurnResult } from '../call.ts';
import type { LineRewriter } from './rewriter.ts';

const Turn = z.custom<TurnResult>();

/**
 * One customer turn as a Mastra workflow: understand (NLU, compliance, playbook, suggestions), then rephrase the
 * first suggestion with the LLM within its budget. Compliance lines skip the LLM. Used when an LLM is configured;
 * without one the call brain answers directly.
 */
export async function createTurnWorkflow(call: CallBrain, rewriter: LineRewriter) {
  process.env.MASTRA_TELEMETRY_DISABLED = '1';
  const { createStep, createWorkflow } = await import('@mastra/core/workflows');
  const history: { speaker: 'rep' | 'customer'; text: string }[] = [];

  const understand = createStep({
    id: 'understand',
    inputSchema: z.object({ text: z.string() }),
    outputSchema: Turn,
    execute: async ({ inputData }) => {
      history.push({ speaker: 'customer', text: inputData.text });
      return call.hearCustomer(inputData.text);
    },
  });
  const rephrase = createStep({
    id: 'rephrase',
    inputSchema: Turn,
    outputSchema: Turn,
    execute: async ({ inputData: turn }) => {
      const first = turn.suggestions[0];
      if (!first || first.source === 'compliance') return turn;
      const r = await rewriter.rewrite(first.text, { language: call.language, history });
      if (!r.rewritten) return turn;
      return { ...turn, suggestions: [{ ...first, text: r.text, rule: `${first.rule}; rephrased by the LLM in ${r.ms} ms` }, ...turn.suggestions.slice(1)] };
    },
  });
  const workflow = createWorkflow({ id: 'callcue-turn', inputSchema: z.object({ text: z.string() }), outputSchema: Turn }).then(understand).then(rephrase).commit();

  return {
    /** The rep's own words, for the LLM's context. */
    hearRep: (text: string) => history.push({ speaker: 'rep', text }),
    async turn(text: string): Promise<TurnResult> {
      const run = await workflow.createRun();
      const result = await run.start({ inputData: { text } });
      if (result.status !== 'success') throw new Error(`turn workflow ${result.status}`);
      return result.result;
    },
  };
}
