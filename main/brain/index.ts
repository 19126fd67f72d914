import fs from 'node:fs';
import path from 'node:path';
import { CallcueError } from '../base/errors.ts';
import { CallBrain, type CallOptions } from './call.ts';
import { languages } from './language.ts';
import { loadTrainingFile, type TrainingExample } from './nlu/data.ts';
import { Nlu } from './nlu/index.ts';
import { loadPlugins, type PluginLoadError } from './plugins/loader.ts';
import type { SalesPlugin } from './plugins/plugin.ts';

export type { CallMode, CallOptions, Outcome, Slots, Suggestion, TurnResult } from './call.ts';
export type { NluResult } from './nlu/index.ts';
export type { SalesPlugin } from './plugins/plugin.ts';
export { CallBrain, LOW_CONFIDENCE } from './call.ts';
export { coreIntents } from './intents.ts';
export type { Language } from './language.ts';

/** The core intents' training examples, `resources/brain/nlu/<language>.yml`. */
export function loadCoreTraining(resourcesDir: string): TrainingExample[] {
  return languages.flatMap((language) => {
    const file = path.join(resourcesDir, 'brain', 'nlu', `${language}.yml`);
    return fs.existsSync(file) ? loadTrainingFile(file, language) : [];
  });
}

/** A business line ready for calls: its plugin plus an NLU trained on the core and the plugin's examples. */
export class SalesBrain {
  readonly plugin: SalesPlugin;
  readonly nlu: Nlu;

  private constructor(plugin: SalesPlugin, nlu: Nlu) {
    this.plugin = plugin;
    this.nlu = nlu;
  }

  static async create(plugin: SalesPlugin, coreTraining: readonly TrainingExample[], threshold?: number): Promise<SalesBrain> {
    const nlu = await Nlu.create([...coreTraining, ...plugin.training], { extractEntities: plugin.extractEntities, threshold });
    return new SalesBrain(plugin, nlu);
  }

  startCall(options: CallOptions): CallBrain {
    return new CallBrain(this.plugin, this.nlu, options);
  }
}

/**
 * All business lines under `<resources>/plugins`, trained lazily on first use (training takes about a second,
 * so start-up does not wait for plugins nobody uses).
 */
export class BrainRegistry {
  readonly plugins: Map<string, SalesPlugin>;
  readonly errors: PluginLoadError[];
  readonly #core: TrainingExample[];
  readonly #brains = new Map<string, Promise<SalesBrain>>();

  constructor(resourcesDir: string) {
    ({ plugins: this.plugins, errors: this.errors } = loadPlugins(path.join(resourcesDir, 'plugins')));
    this.#core = loadCoreTraining(resourcesDir);
  }

  brain(pluginId: string): Promise<SalesBrain> {
    const plugin = this.plugins.get(pluginId);
    if (!plugin) {
      const known = [...this.plugins.keys()].join(', ') || 'none';
      const broken = this.errors.find((e) => path.basename(e.dir) === pluginId);
      throw new CallcueError('unknown_plugin', broken ? `Plugin "${pluginId}" could not be loaded: ${broken.message}` : `No plugin "${pluginId}" (installed: ${known}).`);
    }
    let brain = this.#brains.get(pluginId);
    if (!brain) {
      brain = SalesBrain.create(plugin, this.#core);
      this.#brains.set(pluginId, brain);
    }
    return brain;
  }
}
