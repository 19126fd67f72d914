/** Every failure a user or caller can act on carries a stable code; `retryable` tells callers whether trying again can help. */
export class CallcueError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  /** A locale key (with its values) for errors a user can cause, so the page shows them in the user's language. */
  readonly key?: string;
  readonly vars?: Record<string, string>;

  constructor(code: string, message: string, options: { retryable?: boolean; cause?: unknown; key?: string; vars?: Record<string, string> } = {}) {
    super(message, { cause: options.cause });
    this.name = 'CallcueError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    if (options.key) {
      this.key = options.key;
      this.vars = options.vars;
    }
  }
}

/** Message of any thrown value, without its stack. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
