import { describe, expect, it } from 'vitest';
import { BrainRegistry } from '../../main/brain/index.ts';
import { loadTrainingFile } from '../../main/brain/nlu/data.ts';
import { evaluate, formatConfusion } from '../../main/brain/nlu/evaluate.ts';
import { languages } from '../../main/brain/language.ts';
import { coreIntents } from '../../main/brain/intents.ts';
import { repoRoot } from '../helpers/cli.ts';

const registry = new BrainRegistry(`${repoRoot}/resources`);
const fixtures = `${repoRoot}/test/fixtures/brain`;

/**
 * Held-out evaluation: utterances written apart from the training data (and filtered against it),
 * at least 15 per core intent per language, plus each plugin's own intents.
 */
describe.each(['insurance', 'appliances'])('intent recognition, %s plugin, on the held-out set', (plugin) => {
  it('reaches 90% accuracy and 97% recall on opt_out and ask_if_bot', async () => {
    const brain = await registry.brain(plugin);
    const examples = languages.flatMap((lang) => [...loadTrainingFile(`${fixtures}/eval.${lang}.yml`, lang), ...loadTrainingFile(`${fixtures}/eval.${plugin}.${lang}.yml`, lang)]);
    for (const lang of languages)
      for (const intent of coreIntents) expect(examples.filter((e) => e.language === lang && e.intent === intent).length, `${lang} ${intent}`).toBeGreaterThanOrEqual(15);

    const result = await evaluate(brain.nlu, examples);
    console.info(`${plugin}: trained in ${brain.nlu.classifier.trainMs} ms\n${formatConfusion(result)}`);
    for (const lang of languages) {
      const perLanguage = await evaluate(brain.nlu, examples.filter((e) => e.language === lang));
      console.info(`${plugin} ${lang}: accuracy ${(perLanguage.accuracy * 100).toFixed(1)}%`);
      expect(perLanguage.accuracy, lang).toBeGreaterThanOrEqual(0.9);
    }
    expect(result.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(result.recall.get('opt_out')).toBeGreaterThanOrEqual(0.97);
    expect(result.recall.get('ask_if_bot')).toBeGreaterThanOrEqual(0.97);
  });
});
