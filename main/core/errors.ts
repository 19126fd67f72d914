/** Every failure a user or caller can act on carries a stable code; `retryable` tells callers whether trying again can help. */
export class CallcueError extends Error {
  readonly code: string;
  readonly retryable: boolean;

  constructor(code: string, message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'CallcueError';
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
}

/** Message of any thrown value, without its stack. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
