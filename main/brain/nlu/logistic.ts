import type { Language } from '../language.ts';
import type { IntentScore } from './classifier.ts';
import type { TrainingExample } from './data.ts';
import { ngramFeatures } from './ngrams.ts';

interface Model {
  intents: string[];
  /** feature -> one weight per intent */
  weights: Map<string, Float64Array>;
  bias: Float64Array;
}

function softmax(z: Float64Array): Float64Array {
  const max = Math.max(...z);
  const e = z.map((v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

/**
 * Multinomial logistic regression over n-gram features, one model per language, trained with AdaGrad and
 * L2 regularisation. Deterministic: examples are visited in a fixed shuffled order.
 */
export class NgramLogistic {
  readonly #models = new Map<Language, Model>();

  constructor(examples: readonly TrainingExample[], options: { epochs?: number; rate?: number; l2?: number } = {}) {
    const { epochs = 12, rate = 0.3, l2 = 1e-5 } = options;
    for (const [language, list] of Map.groupBy(examples, (e) => e.language)) {
      const intents = [...new Set(list.map((e) => e.intent))];
      const k = intents.length;
      const data = list.map((e) => ({ y: intents.indexOf(e.intent), x: featureVector(e.text, language) }));
      const weights = new Map<string, Float64Array>();
      const grads = new Map<string, Float64Array>();
      const bias = new Float64Array(k);
      const biasGrad = new Float64Array(k).fill(1e-8);
      let seed = 42;
      const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
      for (let epoch = 0; epoch < epochs; epoch++) {
        const order = data.map((_, i) => i).sort(() => random() - 0.5);
        for (const i of order) {
          const { x, y } = data[i]!;
          const p = softmax(score(x, weights, bias, k));
          for (let c = 0; c < k; c++) {
            const g = p[c]! - (c === y ? 1 : 0);
            biasGrad[c]! += g * g;
            bias[c]! -= (rate * g) / Math.sqrt(biasGrad[c]!);
            for (const [f, v] of x) {
              let w = weights.get(f);
              let gs = grads.get(f);
              if (!w || !gs) {
                w = new Float64Array(k);
                gs = new Float64Array(k).fill(1e-8);
                weights.set(f, w);
                grads.set(f, gs);
              }
              const gw = g * v + l2 * w[c]!;
              gs[c]! += gw * gw;
              w[c]! -= (rate * gw) / Math.sqrt(gs[c]!);
            }
          }
        }
      }
      this.#models.set(language, { intents, weights, bias });
    }
  }

  rank(text: string, language: Language): IntentScore[] {
    const model = this.#models.get(language);
    if (!model) return [];
    const p = softmax(score(featureVector(text, language), model.weights, model.bias, model.intents.length));
    return model.intents.map((intent, c) => ({ intent, confidence: p[c]! })).sort((a, b) => b.confidence - a.confidence);
  }
}

/** Feature counts, L2-normalised so long and short utterances weigh the same. */
function featureVector(text: string, language: Language): Map<string, number> {
  const x = new Map<string, number>();
  for (const f of ngramFeatures(text, language)) x.set(f, (x.get(f) ?? 0) + 1);
  const norm = Math.sqrt([...x.values()].reduce((a, v) => a + v * v, 0)) || 1;
  for (const [f, v] of x) x.set(f, v / norm);
  return x;
}

function score(x: Map<string, number>, weights: Map<string, Float64Array>, bias: Float64Array, k: number): Float64Array {
  const z = Float64Array.from(bias);
  for (const [f, v] of x) {
    const w = weights.get(f);
    if (w) for (let c = 0; c < k; c++) z[c]! += w[c]! * v;
  }
  return z;
}
