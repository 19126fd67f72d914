import { CallcueError } from '../../core/errors.ts';
import { Language } from '../../brain/language.ts';
import type { Command } from '../command.ts';

/** `--lang zh|en|auto` as content languages. */
export function contentLanguage(value: string | boolean | undefined, allowAuto: boolean): Language | undefined {
  if (value === undefined || (allowAuto && value === 'auto')) return undefined;
  const code = value === 'zh' ? 'zh-CN' : value;
  const parsed = Language.safeParse(code);
  if (!parsed.success) throw new CallcueError('usage', `--lang must be zh or en${allowAuto ? ' or auto' : ''}, not "${String(value)}".`);
  return parsed.data;
}

export function pluginOption(value: string | boolean | undefined, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

/** `callcue classify`: one utterance per stdin line in, one JSON object per line out. */
export const classifyCommand: Command = {
  name: 'classify',
  usage: 'classify [--plugin NAME] [--lang zh|en|auto] [--timezone ZONE]  < utterances.txt',
  summary: 'Intent and entities for each line of standard input, as JSON lines',
  options: { plugin: { type: 'string' }, lang: { type: 'string' }, timezone: { type: 'string' } },
  async run({ core, io, options }) {
    const language = contentLanguage(options.lang, true);
    const brain = await core.brains.brain(pluginOption(options.plugin, 'insurance'));
    const timeZone = typeof options.timezone === 'string' ? options.timezone : undefined;
    for await (const line of io.lines()) {
      const text = line.trim();
      if (!text) continue;
      const r = await brain.nlu.classify(text, { language, timeZone });
      io.stdout(JSON.stringify({ text, intent: r.intent, confidence: Number(r.confidence.toFixed(3)), language: r.language, entities: r.entities }));
    }
    return 0;
  },
};
