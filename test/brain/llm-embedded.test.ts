import { afterAll, describe, expect, it } from 'vitest';
import { embeddedModel } from '../../main/brain/llm/embedded.ts';
import { LineRewriter } from '../../main/brain/llm/rewriter.ts';
import { ensurePypiAsset, gemma270m } from '../fixtures/pypi-assets.ts';

const asset = ensurePypiAsset(gemma270m);
if ('skipped' in asset) console.info(`Skipping the embedded-LLM test: ${asset.skipped}`);
const model = 'path' in asset ? await embeddedModel(asset.path, { gpu: false }) : undefined;
afterAll(() => model?.dispose());

/** End to end on a real model: Gemma 3 270M (Q4_K_M, from PyPI) in-process through node-llama-cpp and Mastra. */
describe.skipIf(!model)('LLM rewriter on an embedded local model', () => {
  it('rephrases a line, or keeps it when the model changes a fact, within the budget', { timeout: 120_000 }, async () => {
    const rewriter = await LineRewriter.create(model!, 20_000);
    const line = 'We could lower the cover to bring the price down. Would that help?';
    const r = await rewriter.rewrite(line, { language: 'en', history: [{ speaker: 'customer', text: "That's too expensive for me." }] });
    console.info(`gemma-3-270m: ${r.rewritten ? `rewrote in ${r.ms} ms: "${r.text}"` : `kept the line (${r.kept}) after ${r.ms} ms`}`);
    // The real model ran: it answered (a rewrite, or one refused for changing facts), it did not fail or time out.
    expect(['error', 'budget', 'empty']).not.toContain(r.kept);
    if (r.rewritten) expect(r.text.length).toBeGreaterThan(5);
  });
});
