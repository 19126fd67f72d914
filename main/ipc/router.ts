import { z } from 'zod';
import { contract, isChannel, type Channel, type Envelope, type ErrorInfo, type ResponseOf } from '../../preload/contract.ts';
import { CallcueError, errorMessage, invalidInput } from '../base/errors.ts';
import type { Origin } from './events.ts';

export type Handlers = { [C in Channel]: (request: z.infer<(typeof contract)[C]['request']>, origin?: Origin) => Promise<ResponseOf<C>> | ResponseOf<C> };

export type Dispatch = (channel: unknown, payload: unknown, origin?: Origin) => Promise<Envelope<unknown>>;

function fail(code: string, message: string, keyed?: Pick<ErrorInfo, 'key' | 'vars' | 'field'>): Envelope<never> {
  return { ok: false, error: { code, message, ...keyed } };
}

/**
 * One entry point for every transport: checks the channel exists, validates the payload against the contract,
 * runs the handler and turns any failure into an `{ok:false}` envelope (only code, message and a message key cross the boundary).
 */
export function createRouter(handlers: Handlers, onError: (channel: string, error: unknown) => void = () => {}): Dispatch {
  return async (channel, payload, origin) => {
    if (!isChannel(channel)) return fail('unknown_channel', `Unknown IPC channel ${JSON.stringify(String(channel)).slice(0, 80)}.`);
    const parsed = contract[channel].request.safeParse(payload ?? {});
    if (!parsed.success) {
      // Keyed too: a page that let a bad value through shows it by the field in the user's language, not zod's English.
      const { key, vars, field } = invalidInput('invalid_payload', '', parsed.error.issues);
      return fail('invalid_payload', `Invalid request for ${channel}: ${z.prettifyError(parsed.error)}`, { key, vars, field });
    }
    try {
      const handler = handlers[channel] as (request: unknown, origin?: Origin) => Promise<unknown>;
      return { ok: true, value: await handler(parsed.data, origin) };
    } catch (error) {
      onError(channel, error);
      if (!(error instanceof CallcueError)) return fail('internal', errorMessage(error));
      return fail(error.code, error.message, error.key ? { key: error.key, vars: error.vars, field: error.field } : undefined);
    }
  };
}
