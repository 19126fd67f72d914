import { openLiveCall } from '../../audio/live-call.ts';
import { resolveModel } from '../../asr/models/resolve.ts';
import type { Command } from '../command.ts';
import { runHeadlessCall } from '../headless-call.ts';
import { contentLanguage, plugin as pluginOf, positiveNumber } from '../options.ts';

/**
 * `callcue assist`: a live assist-mode call from audio devices, headless: the softphone's audio as the customer,
 * the microphone as the rep, until Ctrl+C or `--seconds`. Devices default to the ones chosen in Settings.
 */
export const assistCommand: Command = {
  name: 'assist',
  usage: 'assist [--customer-device DEVICE] [--rep-device DEVICE|none] [--plugin NAME] [--lang zh|en] [--model PATH|tiny|base] [--seconds N] [--json]',
  summary: 'A live call from audio devices (softphone audio + microphone), headless; Ctrl+C ends it',
  options: {
    'customer-device': { type: 'string' },
    'rep-device': { type: 'string' },
    plugin: { type: 'string' },
    lang: { type: 'string' },
    model: { type: 'string' },
    seconds: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(ctx) {
    const { core, options } = ctx;
    const seconds = positiveNumber(options, 'seconds');
    const settings = await core.settings.get();
    const language = contentLanguage(options, false) ?? settings.callLanguage;
    const plugin = pluginOf(options, settings.plugin);
    // A live call needs speech recognition: there is no script to fall back on.
    const model = await resolveModel((options.model as string | undefined) ?? settings.model ?? undefined, core.paths, ctx.io.env);
    const source = await openLiveCall({ customer: (options['customer-device'] as string | undefined) ?? settings.loopbackDevice ?? '', rep: (options['rep-device'] as string | undefined) ?? settings.micDevice });
    const stop = new AbortController();
    const timer = seconds === undefined ? undefined : setTimeout(() => stop.abort(), seconds * 1000);
    const interrupt = () => stop.abort();
    process.once('SIGINT', interrupt);
    try {
      if (options.json !== true) ctx.io.stderr(`listening on ${source.devices.join(' + ')} · Ctrl+C ends the call`);
      return await runHeadlessCall(ctx, { plugin, language, model, source, stop: stop.signal, live: true });
    } finally {
      clearTimeout(timer);
      process.off('SIGINT', interrupt);
    }
  },
};
