import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadYaml } from '../../config/yaml.ts';
import { errorMessage } from '../../base/errors.ts';
import { coreIntents, isObjection } from '../intents.ts';
import { languages } from '../language.ts';
import { loadTrainingFile } from '../nlu/data.ts';
import { dictionaryExtractor } from '../nlu/entities/dictionary.ts';
import { patternExtractor } from '../nlu/entities/patterns.ts';
import { playbookSchema } from '../playbook/schema.ts';
import type { SalesPlugin } from './plugin.ts';
import { quote } from './quote.ts';
import { Cards, Manifest } from './schema.ts';

/**
 * Loads a plugin folder: plugin.yaml (manifest, products, entities, quote table), playbook.yaml, cards.yaml and
 * nlu/<language>.yml. Everything is data, validated on load; a plugin runs no code of its own.
 */
export function loadPlugin(dir: string): SalesPlugin {
  const file = (name: string) => path.join(dir, name);
  const manifest = loadYaml(file('plugin.yaml'), Manifest);
  if (manifest.id !== path.basename(dir)) throw new ConfigError(`${file('plugin.yaml')}:1:1: id "${manifest.id}" must match the folder name "${path.basename(dir)}"`);
  const training = languages.flatMap((language) => {
    const nlu = file(`nlu/${language}.yml`);
    return fs.existsSync(nlu) ? loadTrainingFile(nlu, language) : [];
  });
  for (const intent of manifest.intents)
    if (!training.some((e) => e.intent === intent)) throw new ConfigError(`${file('plugin.yaml')}: intent "${intent}" has no training examples in nlu/`);
  const intents = new Set<string>([...coreIntents, ...manifest.intents]);
  const playbook = loadYaml(file('playbook.yaml'), playbookSchema(intents));
  const cards = loadYaml(file('cards.yaml'), Cards);
  const objections = [...intents].filter(isObjection);
  for (const intent of objections) if (!cards[intent]) throw new ConfigError(`${file('cards.yaml')}: no card for ${intent}`);

  const finders = [
    dictionaryExtractor('product', Object.fromEntries(Object.entries(manifest.products).map(([id, p]) => [id, p.synonyms]))),
    ...Object.entries(manifest.entities).map(([name, e]) => patternExtractor(name, e.patterns)),
  ];
  return {
    id: manifest.id,
    version: manifest.version,
    title: manifest.title,
    company: manifest.company,
    intents: manifest.intents,
    products: manifest.products,
    playbook,
    cards,
    training,
    extractEntities: (text, language) => finders.flatMap((find) => find(text, language)),
    quote: (request) => quote(manifest.quote, request),
  };
}

export interface PluginLoadError {
  dir: string;
  message: string;
}

/** Loads every plugin folder under `root`. A bad plugin is reported and skipped; it never stops the others. */
export function loadPlugins(root: string): { plugins: Map<string, SalesPlugin>; errors: PluginLoadError[] } {
  const plugins = new Map<string, SalesPlugin>();
  const errors: PluginLoadError[] = [];
  const dirs = fs.existsSync(root) ? fs.readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()) : [];
  for (const d of dirs) {
    const dir = path.join(root, d.name);
    try {
      const plugin = loadPlugin(dir);
      plugins.set(plugin.id, plugin);
    } catch (error) {
      errors.push({ dir, message: errorMessage(error) });
    }
  }
  return { plugins, errors };
}
