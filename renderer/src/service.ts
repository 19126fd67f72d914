import type { Envelope } from '../../preload/contract.ts';

export class ServiceError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/** Turns an IPC envelope into a value, or a ServiceError the UI can show. */
export async function unwrap<T>(request: Promise<Envelope<T>>): Promise<T> {
  const envelope = await request;
  if (!envelope.ok) throw new ServiceError(envelope.error.code, envelope.error.message);
  return envelope.value;
}
