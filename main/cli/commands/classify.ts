import type { Command } from '../command.ts';
import { contentLanguage, plugin, timeZone } from '../options.ts';

/** `callcue classify`: one utterance per stdin line in, one JSON object per line out, blank lines included. */
export const classifyCommand: Command = {
  name: 'classify',
  usage: 'classify [--plugin NAME] [--lang zh|en|auto] [--timezone ZONE]  < utterances.txt',
  summary: 'Intent and entities for each line of standard input, as JSON lines',
  options: { plugin: { type: 'string' }, lang: { type: 'string' }, timezone: { type: 'string' } },
  async run({ core, io, options }) {
    const language = contentLanguage(options, true);
    const zone = timeZone(options);
    const brain = await core.brains.brain(plugin(options, 'insurance'));
    for await (const line of io.lines()) {
      const text = line.trim();
      // Output line N answers input line N: a blank line gets an empty answer, never a skipped one.
      if (!text) {
        io.stdout(JSON.stringify({ text, intent: null, confidence: 0, language: null, entities: [] }));
        continue;
      }
      const r = await brain.nlu.classify(text, { language, timeZone: zone });
      io.stdout(JSON.stringify({ text, intent: r.intent, confidence: Number(r.confidence.toFixed(3)), language: r.language, entities: r.entities }));
    }
    return 0;
  },
};
