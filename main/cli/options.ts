import { Language } from '../brain/language.ts';
import { CallcueError } from '../base/errors.ts';
import { checkPluginId } from '../base/names.ts';
import { checkTimeZone } from '../base/time.ts';

/**
 * Typed reads of command-line options, checked before a command prints or loads anything: each bad value is one
 * usage line naming the option and what it takes.
 */
type Options = Record<string, string | boolean | undefined>;

const text = (options: Options, name: string): string | undefined => (typeof options[name] === 'string' ? (options[name] as string) : undefined);

export function wholeNumber(options: Options, name: string, range: { min: number; max: number }): number | undefined {
  const value = text(options, name);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || n < range.min || n > range.max) throw new CallcueError('usage', `--${name} must be a whole number from ${range.min} to ${range.max}, not "${value}".`);
  return n;
}

export function positiveNumber(options: Options, name: string): number | undefined {
  const value = text(options, name);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new CallcueError('usage', `--${name} must be a positive number, not "${value}".`);
  return n;
}

export function choice<T extends string>(options: Options, name: string, choices: readonly T[]): T | undefined {
  const value = text(options, name);
  if (value === undefined) return undefined;
  if (!choices.includes(value as T)) throw new CallcueError('usage', `--${name} must be ${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}, not "${value}".`);
  return value as T;
}

export function timeZone(options: Options, name = 'timezone'): string | undefined {
  const value = text(options, name);
  return value === undefined ? undefined : checkTimeZone(value);
}

export function plugin(options: Options, fallback: string): string {
  return checkPluginId(text(options, 'plugin') ?? fallback);
}

/** `--lang zh|en[|auto]` as a content language; undefined for auto or when not given. */
export function contentLanguage(options: Options, allowAuto: boolean): Language | undefined {
  const value = text(options, 'lang');
  if (value === undefined || (allowAuto && value === 'auto')) return undefined;
  const parsed = Language.safeParse(value === 'zh' ? 'zh-CN' : value);
  if (!parsed.success) throw new CallcueError('usage', `--lang must be zh or en${allowAuto ? ' or auto' : ''}, not "${value}".`);
  return parsed.data;
}
