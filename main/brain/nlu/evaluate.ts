import type { TrainingExample } from './data.ts';
import type { Nlu } from './index.ts';

export interface Evaluation {
  total: number;
  accuracy: number;
  /** expected intent -> predicted intent -> count */
  confusion: Map<string, Map<string, number>>;
  recall: Map<string, number>;
}

/** Classifies labelled examples and tallies the confusion matrix. */
export async function evaluate(nlu: Nlu, examples: readonly TrainingExample[]): Promise<Evaluation> {
  const confusion = new Map<string, Map<string, number>>();
  let correct = 0;
  for (const e of examples) {
    const { intent } = await nlu.classify(e.text, { language: e.language });
    if (intent === e.intent) correct++;
    const row = confusion.get(e.intent) ?? new Map<string, number>();
    row.set(intent, (row.get(intent) ?? 0) + 1);
    confusion.set(e.intent, row);
  }
  const recall = new Map([...confusion].map(([intent, row]) => [intent, (row.get(intent) ?? 0) / [...row.values()].reduce((a, b) => a + b, 0)]));
  return { total: examples.length, accuracy: correct / examples.length, confusion, recall };
}

/** The confusion matrix as text: rows expected, columns predicted, with per-intent recall. */
export function formatConfusion(evaluation: Evaluation): string {
  const intents = [...evaluation.confusion.keys()];
  const predicted = [...new Set([...intents, ...[...evaluation.confusion.values()].flatMap((r) => [...r.keys()])])];
  const short = (s: string) => s.replace('objection_', 'obj_').slice(0, 9);
  const width = Math.max(...intents.map((i) => i.length));
  const header = `${'expected \\ predicted'.padEnd(width)} ${predicted.map((p) => short(p).padStart(9)).join(' ')}   recall`;
  const rows = intents.map((i) => {
    const row = evaluation.confusion.get(i)!;
    return `${i.padEnd(width)} ${predicted.map((p) => String(row.get(p) ?? '.').padStart(9)).join(' ')}   ${(evaluation.recall.get(i)! * 100).toFixed(1)}%`;
  });
  return [header, ...rows, `accuracy ${(evaluation.accuracy * 100).toFixed(1)}% of ${evaluation.total}`].join('\n');
}
