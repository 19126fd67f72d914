/**
 * npm run bench:brain -- --json
 * Final customer utterance -> suggestions ready, through the real NLU, playbook and templates, for every
 * held-out utterance of both languages. The first pass classifies each utterance; the second answers repeats
 * from the in-memory cache. Also: start-up training time per plugin.
 */
import os from 'node:os';
import { BrainRegistry } from '../../main/brain/index.ts';
import { languages } from '../../main/brain/language.ts';
import { loadTrainingFile } from '../../main/brain/nlu/data.ts';
import { repoRoot } from '../helpers/cli.ts';
import { emit, summarize } from './stats.ts';

const machine = `${os.cpus()[0]?.model ?? 'cpu'} x${os.cpus().length}`;
for (const plugin of ['insurance', 'appliances']) {
  const started = performance.now();
  const registry = new BrainRegistry(`${repoRoot}/resources`);
  const brain = await registry.brain(plugin);
  emit({ bench: 'brain', plugin, metric: 'startup_train_ms', value: Math.round(performance.now() - started), machine });
  for (const language of languages) {
    const utterances = [
      ...loadTrainingFile(`${repoRoot}/test/fixtures/brain/eval.${language}.yml`, language),
      ...loadTrainingFile(`${repoRoot}/test/fixtures/brain/eval.${plugin}.${language}.yml`, language),
    ].map((e) => e.text);
    const passes: Record<string, number[]> = { first: [], repeat: [] };
    for (const pass of ['first', 'repeat'] as const) {
      // A fresh call per 6 turns keeps the playbook moving through its states as in real calls.
      let call = brain.startCall({ language, mode: 'assist', timeZone: 'Asia/Shanghai' });
      for (const [i, text] of utterances.entries()) {
        if (i % 6 === 0) call = brain.startCall({ language, mode: 'assist', timeZone: 'Asia/Shanghai' });
        const t0 = performance.now();
        await call.hearCustomer(text);
        passes[pass]!.push(performance.now() - t0);
      }
    }
    const first = summarize(passes.first!);
    const repeat = summarize(passes.repeat!);
    emit({ bench: 'brain', plugin, language, metric: 'turn_to_suggestion_ms', cache: 'cold', ...first, machine });
    emit({ bench: 'brain', plugin, language, metric: 'turn_to_suggestion_ms', cache: 'warm', ...repeat, ratio_vs_cold: Math.round((repeat.median / first.median) * 100) / 100, machine });
  }
}
