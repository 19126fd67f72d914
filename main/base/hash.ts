import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** A file's sha256, streamed (models are hundreds of MB). */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
