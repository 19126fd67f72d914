import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Where the database key lives: the OS keychain in the app (Electron safeStorage), a 0600 file headless. */
export interface KeyStore {
  /** The 32-byte key, created on first use. */
  key(): Buffer;
  readonly kind: string;
}

/** Headless (CLI, tests): a random key in a file only the user can read. */
export function fileKeyStore(dataDir: string): KeyStore {
  const file = path.join(dataDir, 'store.key');
  return {
    kind: 'file',
    key() {
      if (fs.existsSync(file)) return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex');
      fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      const key = randomBytes(32);
      fs.writeFileSync(file, key.toString('hex'), { mode: 0o600, flag: 'wx' });
      return key;
    },
  };
}

/** In the app: the key encrypted by the OS keychain (Electron safeStorage), passed in so the store never imports electron. */
export function sealedKeyStore(dataDir: string, seal: { encrypt(plain: string): Buffer; decrypt(sealed: Buffer): string }): KeyStore {
  const file = path.join(dataDir, 'store.key.sealed');
  return {
    kind: 'os-keychain',
    key() {
      if (fs.existsSync(file)) return Buffer.from(seal.decrypt(fs.readFileSync(file)), 'hex');
      fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      const key = randomBytes(32);
      fs.writeFileSync(file, seal.encrypt(key.toString('hex')), { mode: 0o600, flag: 'wx' });
      return key;
    },
  };
}
