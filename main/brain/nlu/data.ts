import { z } from 'zod';
import { ConfigError, loadYaml } from '../../config/yaml.ts';
import type { Language } from '../language.ts';

export interface AnnotatedEntity {
  entity: string;
  /** Canonical value (Rasa `[text](entity:value)`), else the surface text. */
  value: string;
  text: string;
}

export interface TrainingExample {
  intent: string;
  text: string;
  language: Language;
  entities: AnnotatedEntity[];
}

const IntentName = z.string().regex(/^[a-z][a-z0-9_]*$/, 'Intent names are lower_snake_case');

/** Rasa 3 `nlu.yml`: intents with `examples: |` blocks of `- ` lines. */
const RasaFile = z.object({
  version: z.string().optional(),
  nlu: z.array(
    z.union([
      z.object({ intent: IntentName, examples: z.string().min(1) }).strict(),
      // Other Rasa sections (synonym, regex, lookup) are accepted and ignored.
      z.object({ synonym: z.string() }).passthrough(),
      z.object({ regex: z.string() }).passthrough(),
      z.object({ lookup: z.string() }).passthrough(),
    ]),
  ),
});

/** The plain alternative: `intents: { greet: [hello, hi] }`. */
const PlainFile = z.object({ intents: z.record(IntentName, z.array(z.string().min(1)).min(1)) }).strict();

const TrainingFile = z.union([RasaFile, PlainFile]);

const ANNOTATION = /\[([^\]]+)\]\(([a-z_]+)(?::([^)]+))?\)/g;

/** Strips Rasa entity annotations from an example and returns the plain text with the entities. */
export function parseExample(raw: string): { text: string; entities: AnnotatedEntity[] } {
  const entities: AnnotatedEntity[] = [];
  const text = raw.replace(ANNOTATION, (_m, surface: string, entity: string, value?: string) => {
    entities.push({ entity, value: value ?? surface, text: surface });
    return surface;
  });
  return { text: text.trim(), entities };
}

/** Loads one training file; the language comes from its name (`en.yml`, `zh-CN.yml`, `eval.zh-CN.yml`). */
export function loadTrainingFile(file: string, language: Language): TrainingExample[] {
  const data = loadYaml(file, TrainingFile);
  const examples: TrainingExample[] = [];
  const add = (intent: string, raw: string) => {
    const { text, entities } = parseExample(raw);
    if (text) examples.push({ intent, text, language, entities });
  };
  if ('nlu' in data) {
    for (const block of data.nlu) {
      if (!('intent' in block) || !('examples' in block)) continue;
      for (const line of String(block.examples).split('\n')) {
        const item = line.trim();
        if (!item) continue;
        if (!item.startsWith('- ')) throw new ConfigError(`${file}: intent ${String(block.intent)}: example lines start with "- ", found "${item.slice(0, 40)}"`);
        add(String(block.intent), item.slice(2));
      }
    }
  } else {
    for (const [intent, list] of Object.entries(data.intents)) list.forEach((t) => add(intent, t));
  }
  return examples;
}
