import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MockLanguageModelV3 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { LineRewriter, openAICompatibleModel, type RewriterModel } from '../../main/brain/llm/rewriter.ts';

/** The AI SDK's own mock model answering with `text` after `delayMs`. */
function mockModel(text: string, delayMs = 0, fail = false): RewriterModel {
  return new MockLanguageModelV3({
    doGenerate: async () => {
      await new Promise((r) => setTimeout(r, delayMs));
      if (fail) throw new Error('model crashed');
      return {
        content: [{ type: 'text', text }],
        finishReason: { unified: 'stop', raw: 'stop' },
        usage: { inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 1, text: 1, reasoning: 0 } },
        warnings: [],
      };
    },
  }) as unknown as RewriterModel;
}

const line = "For health cover at 40 with ¥300,000 of cover, it's ¥114 a month.";
const context = { language: 'en' as const, history: [{ speaker: 'customer' as const, text: "I'm 40, what would it cost?" }] };

describe('LLM line rewriter (optional)', () => {
  it('uses the rephrased line when it keeps the facts', async () => {
    const rewriter = await LineRewriter.create(mockModel("At 40, health cover with ¥300,000 of cover costs ¥114 a month."));
    const r = await rewriter.rewrite(line, context);
    expect(r).toMatchObject({ rewritten: true, text: 'At 40, health cover with ¥300,000 of cover costs ¥114 a month.' });
    expect(process.env.MASTRA_TELEMETRY_DISABLED).toBe('1');
  });

  it('keeps the playbook line when the model is slower than the budget', async () => {
    const rewriter = await LineRewriter.create(mockModel('too late', 2000), 150);
    const started = performance.now();
    const r = await rewriter.rewrite(line, context);
    expect(r).toMatchObject({ rewritten: false, text: line, kept: 'budget' });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('discards a rewrite that changes a price', async () => {
    const rewriter = await LineRewriter.create(mockModel("It's only ¥99 a month for health cover."));
    expect(await rewriter.rewrite(line, context)).toMatchObject({ rewritten: false, text: line, kept: 'changed_facts' });
  });

  it('keeps the playbook line when the model fails', async () => {
    const rewriter = await LineRewriter.create(mockModel('', 0, true));
    expect(await rewriter.rewrite(line, context)).toMatchObject({ rewritten: false, text: line, kept: 'error' });
  });

  it('talks to an OpenAI-compatible endpoint over HTTP (a loopback server standing in for Ollama)', async () => {
    const requests: { model: string; messages: { role: string; content: string }[] }[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        requests.push(JSON.parse(body));
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ id: 'x', object: 'chat.completion', created: 0, model: 'qwen', choices: [{ index: 0, message: { role: 'assistant', content: 'Sure, at 40 it is ¥114 a month for ¥300,000 of health cover.' }, finish_reason: 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
      const rewriter = await LineRewriter.create(await openAICompatibleModel({ baseURL, model: 'qwen' }));
      const r = await rewriter.rewrite(line, context);
      expect(r.rewritten).toBe(true);
      expect(requests[0]!.model).toBe('qwen');
      expect(requests[0]!.messages.at(-1)!.content).toContain(`Playbook line: ${line}`);
    } finally {
      server.close();
    }
  });
});

describe('turn workflow (Mastra)', () => {
  it('understands the turn, then rephrases the first line; compliance lines never go to the LLM', async () => {
    const { BrainRegistry } = await import('../../main/brain/index.ts');
    const { createTurnWorkflow } = await import('../../main/brain/llm/turn-workflow.ts');
    const { repoRoot } = await import('../helpers/cli.ts');
    const brain = await new BrainRegistry(`${repoRoot}/resources`).brain('insurance');
    const call = brain.startCall({ language: 'en', mode: 'assist', timeZone: 'Asia/Shanghai' });
    const workflow = await createTurnWorkflow(call, await LineRewriter.create(mockModel('Totally fair. Want me to lower the cover so the price drops?')));
    const turn = await workflow.turn("that's way too expensive");
    expect(turn.nlu.intent).toBe('objection_price');
    expect(turn.suggestions[0]).toMatchObject({ source: 'card', text: 'Totally fair. Want me to lower the cover so the price drops?' });
    expect(turn.suggestions[0]!.rule).toMatch(/rephrased by the LLM/);
    const out = await workflow.turn('stop calling me');
    expect(out.suggestions[0]).toMatchObject({ source: 'compliance', text: expect.stringMatching(/won't call you again/) });
  });
});
