import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CallcueError } from '../base/errors.ts';

/** Where the database key lives: the OS keychain in the app (Electron safeStorage), a 0600 file headless. */
export interface KeyStore {
  /**
   * The 32-byte key. Created only when `create` is set (there is no database yet): a missing key for an existing
   * database is an error, never a new key, or the calls on this PC would be lost behind a key nobody has.
   */
  key(options: { create: boolean }): Buffer;
  readonly kind: string;
  /** How this PC keeps secrets on disk: other secrets (the team store login) are sealed the same way as the key. */
  readonly sealer: Sealer;
}

/** How a secret is kept in its file: as is in a 0600 file headless, encrypted by the OS keychain in the app. */
export interface Sealer {
  readonly kind: string;
  /** Added to the file name, so a sealed and an unsealed file are never taken for each other. */
  readonly suffix: string;
  seal(plain: string): Buffer;
  open(sealed: Buffer): string;
}

const KEY_BYTES = 32;

export const fileSealer: Sealer = { kind: 'file', suffix: '', seal: (plain) => Buffer.from(plain), open: (sealed) => sealed.toString('utf8') };

export function keychainSealer(seal: { encrypt(plain: string): Buffer; decrypt(sealed: Buffer): string }): Sealer {
  return { kind: 'os-keychain', suffix: '.sealed', seal: (plain) => seal.encrypt(plain), open: (sealed) => seal.decrypt(sealed) };
}

/** Headless (CLI, tests): a random key in a file only the user can read. */
export function fileKeyStore(dataDir: string): KeyStore {
  return keyFile(dataDir, fileSealer);
}

/** In the app: the key encrypted by the OS keychain (Electron safeStorage), passed in so the store never imports electron. */
export function sealedKeyStore(dataDir: string, seal: { encrypt(plain: string): Buffer; decrypt(sealed: Buffer): string }): KeyStore {
  return keyFile(dataDir, keychainSealer(seal));
}

function keyFile(dataDir: string, sealer: Sealer): KeyStore {
  const file = path.join(dataDir, `store.key${sealer.suffix}`);
  return {
    kind: sealer.kind,
    sealer,
    key({ create }) {
      if (fs.existsSync(file)) return parseKey(file, () => sealer.open(fs.readFileSync(file)));
      if (!create) throw new CallcueError('store_key_missing', `The call database exists but its key file ${file} is missing. Restore the key file from a backup; CallCue will not make a new key for an existing database.`);
      const key = randomBytes(KEY_BYTES);
      try {
        writeWhole(file, sealer.seal(key.toString('hex')));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST' && fs.existsSync(file)) throw new CallcueError('store_key_race', `Another CallCue created the key file ${file} at the same moment; start again.`, { retryable: true });
        throw new CallcueError('store_key_write', `The key file ${file} could not be written (${(error as Error).message}). Free some disk space and start again.`, { cause: error });
      }
      return key;
    },
  };
}

/**
 * Only 64 hex digits are a key. An empty or cut-short file (a first run that hit a full disk) must never reach
 * SQLCipher: it would encrypt the database with a fixed passphrase that anyone can derive.
 */
function parseKey(file: string, read: () => string): Buffer {
  let text: string;
  try {
    text = read().trim();
  } catch (error) {
    throw new CallcueError('store_key_invalid', `The key file ${file} cannot be read (${(error as Error).message}). Restore it from a backup.`, { cause: error });
  }
  if (!/^[0-9a-f]{64}$/i.test(text)) {
    const what = text.length === 0 ? 'is empty' : `holds ${text.length} characters, not a 64-digit key`;
    throw new CallcueError('store_key_invalid', `The key file ${file} ${what}. Restore it from a backup; if this PC has never stored a call, delete it and start CallCue again.`);
  }
  return Buffer.from(text, 'hex');
}

/**
 * Temp file, fsync, link (or rename with `replace`), fsync of the folder: after a crash or a full disk the file is whole
 * or absent. Without `replace`, link() refuses an existing target (EEXIST): a file another process wrote meanwhile is
 * never replaced.
 */
export function writeWhole(file: string, data: Buffer, options: { replace?: boolean } = {}): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  try {
    const fd = fs.openSync(temp, 'wx', 0o600);
    try {
      fs.writeSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (options.replace) fs.renameSync(temp, file);
    else fs.linkSync(temp, file);
  } finally {
    fs.rmSync(temp, { force: true });
  }
  if (process.platform === 'win32') return; // NTFS commits the rename itself; a folder cannot be opened there
  const dirFd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(dirFd);
  } finally {
    fs.closeSync(dirFd);
  }
}
