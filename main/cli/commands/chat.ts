import type { Suggestion, TurnResult } from '../../brain/index.ts';
import { embeddedModel } from '../../brain/llm/embedded.ts';
import { LineRewriter, openAICompatibleModel } from '../../brain/llm/rewriter.ts';
import { createTurnWorkflow } from '../../brain/llm/turn-workflow.ts';
import { CallcueError } from '../../base/errors.ts';
import type { Command } from '../command.ts';
import { choice, contentLanguage, plugin, timeZone } from '../options.ts';

const list = (suggestions: Suggestion[]) => suggestions.map((s) => `  ${s.rank}. ${s.text}\n     ↳ ${s.source}: ${s.rule}`).join('\n');

function describe(turn: TurnResult): string {
  const { nlu } = turn;
  const entities = nlu.entities.map((e) => `${e.entity}=${e.value}`).join(' ');
  const lines = [
    `  intent ${nlu.intent} (${nlu.confidence.toFixed(2)})${entities ? ` · ${entities}` : ''} · ${turn.from} → ${turn.state}`,
    `  goal: ${turn.goal}`,
  ];
  if (turn.compliance?.optOut) lines.push('  ⚠ opt-out: number goes on the do-not-call list; end the call politely.');
  if (turn.compliance?.askIfBot) lines.push('  ⚠ asked about AI: answer truthfully.');
  if (turn.card) lines.push(`  card: ${turn.card.title} — ${turn.card.tips.join('; ')}`);
  lines.push(list(turn.suggestions));
  return lines.join('\n');
}

/** `callcue chat`: play a call in the terminal. You type the customer; lines starting with ">" are the rep's own words. */
export const chatCommand: Command = {
  name: 'chat',
  usage: 'chat [--plugin NAME] [--lang zh|en] [--mode assist|auto] [--json] [--rewrite]',
  summary: 'Play a call in the terminal: type the customer, see state, intent and suggestions',
  options: { plugin: { type: 'string' }, lang: { type: 'string' }, mode: { type: 'string' }, json: { type: 'boolean' }, timezone: { type: 'string' }, rewrite: { type: 'boolean' } },
  async run({ core, io, options }) {
    const language = contentLanguage(options, false) ?? 'en';
    const mode = choice(options, 'mode', ['assist', 'auto'] as const) ?? 'assist';
    const zone = timeZone(options) ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
    const rewriter = options.rewrite ? await rewriterFromEnv(io.env) : undefined;
    const brain = await core.brains.brain(plugin(options, 'insurance'));
    const call = brain.startCall({ language, mode, timeZone: zone });
    const workflow = rewriter && (await createTurnWorkflow(call, rewriter));
    const json = options.json === true;
    const opening = call.opening();
    io.stdout(json ? JSON.stringify({ type: 'opening', state: call.state, suggestions: opening }) : `${brain.plugin.title[language]} · ${mode} · ${call.state}\nType the customer's words; start a line with ">" for your own. Ctrl+D ends the call.\n${list(opening)}`);
    for await (const line of io.lines()) {
      const text = line.trim();
      if (!text) continue;
      if (text.startsWith('>')) {
        workflow?.hearRep(text.slice(1).trim());
        const checklist = call.hearRep(text.slice(1).trim());
        io.stdout(json ? JSON.stringify({ type: 'rep', checklist }) : `  checklist: ${checklist.map((c) => `${c.done ? '✔' : '·'} ${c.label}`).join('  ')}`);
        continue;
      }
      const turn = workflow ? await workflow.turn(text) : await call.hearCustomer(text);
      io.stdout(json ? JSON.stringify({ type: 'turn', ...turn, nlu: { ...turn.nlu, text: undefined } }) : describe(turn));
      if (turn.state === 'wrap_up') break;
    }
    io.stdout(json ? JSON.stringify({ type: 'end', state: call.state, outcome: call.outcome }) : `call ended in ${call.state}; outcome: ${call.outcome}`);
    return 0;
  },
};

/** The LLM is strictly opt-in: `--rewrite` needs a local GGUF model or an OpenAI-compatible endpoint in the environment. */
async function rewriterFromEnv(env: NodeJS.ProcessEnv): Promise<LineRewriter> {
  const { CALLCUE_LLM_GGUF: gguf, CALLCUE_LLM_URL: baseURL, CALLCUE_LLM_MODEL: model, CALLCUE_LLM_KEY: apiKey, CALLCUE_LLM_BUDGET_MS: budget } = env;
  const budgetMs = budget ? Number(budget) : undefined;
  if (gguf) return LineRewriter.create(await embeddedModel(gguf), budgetMs);
  if (!baseURL || !model) {
    throw new CallcueError('usage', '--rewrite needs CALLCUE_LLM_GGUF (a local .gguf model) or CALLCUE_LLM_URL and CALLCUE_LLM_MODEL (an OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1 and qwen2.5:1.5b).');
  }
  return LineRewriter.create(await openAICompatibleModel({ baseURL, model, apiKey }), budgetMs);
}
