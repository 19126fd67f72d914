import { startBotTurns, type BotEvent, type EndReason } from '../../main/campaign/bot-turns.ts';

/** The bot's turn-taking machine with its side effects recorded, for headless tests: send events, read the state and what it did. */
export function recordedBot() {
  const did: string[] = [];
  const actor = startBotTurns({
    speak: (line) => did.push(`speak:${line}`),
    hold: () => did.push('hold'),
    resume: () => did.push('resume'),
    stopSpeaking: () => did.push('stop'),
    open: () => did.push('open'),
    transfer: () => did.push('transfer'),
    finish: ({ reason, goodbye }: { reason: EndReason; goodbye?: string }) => did.push(`finish:${reason}${goodbye ? `:${goodbye}` : ''}`),
  });
  return {
    did,
    send: (...events: BotEvent[]) => events.forEach((e) => actor.send(e)),
    get state() {
      return actor.state;
    },
  };
}
