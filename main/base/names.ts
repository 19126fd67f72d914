import { CallcueError } from './errors.ts';

/** A business line's id, as plugins, sample calls and the contract name it: an identifier, never a path. */
export const PLUGIN_ID = /^[a-z][a-z0-9_-]{0,40}$/;

export function checkPluginId(value: string): string {
  if (!PLUGIN_ID.test(value)) throw new CallcueError('usage', `A business line is named with lowercase letters, digits, "-" and "_" (like insurance), not "${value}".`);
  return value;
}

/** A name that becomes part of a file name (an imported model): letters, digits, "-", "_" and inner dots only. */
export function checkFileName(value: string, what: string): string {
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9_-]|\.(?!\.)){0,63}$/.test(value)) throw new CallcueError('usage', `${what} may hold letters, digits, "-", "_" and ".", not "${value}".`);
  return value;
}
