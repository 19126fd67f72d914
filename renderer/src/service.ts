import type { Envelope, ErrorInfo } from '../../preload/contract.ts';

export class ServiceError extends Error {
  readonly code: string;
  /** Set for errors the user can fix: a locale key and its values, to show in the page's language. */
  readonly key?: string;
  readonly vars?: Record<string, string>;
  /** The request field it is about, to show it next to that field. */
  readonly field?: string;
  constructor({ code, message, key, vars, field }: ErrorInfo) {
    super(message);
    this.code = code;
    this.key = key;
    this.vars = vars;
    this.field = field;
  }
}

/** Turns an IPC envelope into a value, or a ServiceError the UI can show. */
export async function unwrap<T>(request: Promise<Envelope<T>>): Promise<T> {
  const envelope = await request;
  if (!envelope.ok) throw new ServiceError(envelope.error);
  return envelope.value;
}
