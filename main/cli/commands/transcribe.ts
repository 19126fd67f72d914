import { openFileSource } from '../../audio/file-source.ts';
import { openHearing } from '../../call/hearing.ts';
import { optionalWhisper, Recognisers } from '../../asr/recogniser.ts';
import type { AsrLanguage } from '../../asr/types.ts';
import { CallcueError } from '../../base/errors.ts';
import { formatClock } from '../table.ts';
import type { Command } from '../command.ts';
import { choice, wholeNumber } from '../options.ts';

/** `callcue transcribe FILE`: final, speaker-labelled segments of a recording (stereo: left rep, right customer). */
export const transcribeCommand: Command = {
  name: 'transcribe',
  usage: 'transcribe FILE [--json] [--model PATH|tiny|base|fixture:tiny] [--lang en|zh|auto] [--threads N]',
  summary: 'Speaker-labelled transcript of a recording, through VAD and Whisper (SenseVoice for Mandarin when installed)',
  options: { json: { type: 'boolean' }, model: { type: 'string' }, lang: { type: 'string' }, threads: { type: 'string' } },
  maxArgs: 1,
  async run({ core, io, options, args }) {
    const [file] = args;
    if (!file) throw new CallcueError('usage', 'Which recording? Usage: callcue transcribe FILE');
    const language: AsrLanguage = choice(options, 'lang', ['en', 'zh', 'auto'] as const) ?? 'auto';
    const threads = wholeNumber(options, 'threads', { min: 1, max: 64 });
    const source = await openFileSource(file);
    const whisper = await optionalWhisper(options.model as string | undefined, core.paths, io.env);
    const fixture = whisper?.kind === 'fixture';
    // An explicit --model means Whisper for every language.
    const engine = await Recognisers.open({ languages: [language], whisper, zhChoice: options.model ? 'whisper' : 'sensevoice', modelsDir: core.paths.modelsDir, env: io.env, whisperOptions: { threads } });
    try {
      // The first failure is the command's one error line (exit 2), after whatever was transcribed.
      let failed: CallcueError | undefined;
      for await (const event of openHearing({ source, recogniser: engine, language, fixture })) {
        if (event.type === 'error') failed ??= new CallcueError(event.code, event.message);
        else if (event.type === 'final') {
          const { channel, t0, t1, text, lang, prob, asrMs } = event;
          io.stdout(options.json ? JSON.stringify({ channel, t0, t1, text, lang, prob: Number(prob.toFixed(3)), asr_ms: asrMs, model: engine.label.replace(/^whisper /, '') }) : `[${formatClock(t0)}-${formatClock(t1)}] ${channel}: ${text}`);
        }
      }
      if (failed) throw failed;
      return 0;
    } finally {
      await engine.close();
    }
  },
};
