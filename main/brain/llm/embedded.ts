import os from 'node:os';
import path from 'node:path';
import type { LanguageModelV3, LanguageModelV3CallOptions, LanguageModelV3GenerateResult } from '@ai-sdk/provider';
import type { RewriterModel } from './rewriter.ts';

function text(content: unknown): string {
  if (typeof content === 'string') return content;
  return Array.isArray(content) ? content.map((p: { type: string; text?: string }) => (p.type === 'text' ? (p.text ?? '') : '')).join('') : '';
}

/**
 * A GGUF model run in-process by node-llama-cpp (its npm platform packages carry prebuilt CPU, CUDA, Vulkan and
 * Metal binaries, so the rep's PC needs no server and no compiler), presented to Mastra as an AI SDK model.
 * One prompt at a time on one context sequence: rephrasing one line per turn needs no more.
 * `gpu: false` keeps it on the CPU (the Whisper engine may need the GPU more).
 */
export async function embeddedModel(modelPath: string, options: { gpu?: boolean; contextSize?: number } = {}): Promise<RewriterModel & { dispose(): Promise<void> }> {
  const { getLlama, LlamaCompletion } = await import('node-llama-cpp');
  const llama = await getLlama({ gpu: options.gpu === false ? false : 'auto', build: 'never', skipDownload: true, progressLogs: false, logLevel: 'error' as never });
  const model = await llama.loadModel({ modelPath });
  // Thread count given explicitly: node-llama-cpp's default oversubscribed a 2-core VM (36 s instead of 0.3 s for 16 tokens).
  const context = await model.createContext({ contextSize: options.contextSize ?? 2048, threads: os.availableParallelism() });

  const generate = async (call: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> => {
    const system = call.prompt.filter((m) => m.role === 'system').map((m) => text(m.content)).join('\n');
    const user = text(call.prompt.filter((m) => m.role === 'user').at(-1)?.content);
    const sequence = context.getSequence();
    try {
      // Plain completion with the instructions in front and the answer cut at the end of its line: it works with any
      // instruction-tuned GGUF, where node-llama-cpp's chat templates were measured at 100 s and garbage on Gemma 3 270M.
      const completion = new LlamaCompletion({ contextSequence: sequence });
      const raw = await completion.generateCompletion(`${system}\n\n${user} `, {
        maxTokens: call.maxOutputTokens ?? 64,
        temperature: call.temperature ?? 0.2,
        signal: call.abortSignal,
        stopOnAbortSignal: true,
        customStopTriggers: ['\n'],
      });
      const answer = raw.trim();
      const used = sequence.tokenMeter.usedInputTokens;
      const produced = sequence.tokenMeter.usedOutputTokens;
      return {
        content: [{ type: 'text', text: answer }],
        finishReason: { unified: 'stop', raw: 'stop' },
        usage: { inputTokens: { total: used, noCache: used, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: produced, text: produced, reasoning: 0 } },
        warnings: [],
      };
    } finally {
      sequence.dispose();
    }
  };

  const adapter: LanguageModelV3 = {
    specificationVersion: 'v3',
    provider: 'node-llama-cpp',
    modelId: path.basename(modelPath),
    supportedUrls: {},
    doGenerate: generate,
    async doStream(call) {
      const result = await generate(call);
      const answer = text(result.content);
      return {
        stream: new ReadableStream({
          start(controller) {
            controller.enqueue({ type: 'stream-start', warnings: [] });
            controller.enqueue({ type: 'text-start', id: '0' });
            controller.enqueue({ type: 'text-delta', id: '0', delta: answer });
            controller.enqueue({ type: 'text-end', id: '0' });
            controller.enqueue({ type: 'finish', finishReason: result.finishReason, usage: result.usage });
            controller.close();
          },
        }),
      };
    },
  };
  return Object.assign(adapter as unknown as RewriterModel, {
    dispose: async () => {
      await context.dispose();
      await model.dispose();
      await llama.dispose();
    },
  });
}
