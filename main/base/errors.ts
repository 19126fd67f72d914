import type { z } from 'zod';

/** Every failure a user or caller can act on carries a stable code; `retryable` tells callers whether trying again can help. */
export class CallcueError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  /** A locale key (with its values) for errors a user can cause, so the page shows them in the user's language. */
  readonly key?: string;
  readonly vars?: Record<string, string>;
  /** The request field a keyed error is about (`retentionDays`, `line`), so the page shows it next to that field. */
  readonly field?: string;

  constructor(code: string, message: string, options: { retryable?: boolean; cause?: unknown; key?: string; vars?: Record<string, string>; field?: string } = {}) {
    super(message, { cause: options.cause });
    this.name = 'CallcueError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    if (options.key) {
      this.key = options.key;
      this.vars = options.vars;
      if (options.field) this.field = options.field;
    }
  }
}

/** Message of any thrown value, without its stack. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A value the user typed that a schema refuses, as a keyed error about its first problem: the field (its path) and
 * what is wrong in words the page can translate (`app.invalid.*`), never the schema's own English or its regex.
 */
export function invalidInput(code: string, message: string, issues: readonly z.core.$ZodIssue[]): CallcueError {
  const issue = issues[0];
  const field = issue?.path.join('.');
  if (issue?.code === 'too_small') return new CallcueError(code, message, { key: 'app.invalid.tooSmall', vars: { min: String(issue.minimum) }, field });
  if (issue?.code === 'too_big') return new CallcueError(code, message, { key: 'app.invalid.tooBig', vars: { max: String(issue.maximum) }, field });
  if (issue?.code === 'invalid_format') return new CallcueError(code, message, { key: 'app.invalid.format', field });
  return new CallcueError(code, message, { key: 'app.invalid.value', field });
}
