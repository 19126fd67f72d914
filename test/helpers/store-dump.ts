import Database from 'better-sqlite3-multiple-ciphers';
import fs from 'node:fs';
import path from 'node:path';

/** Every row of every table of a data folder's database, decrypted with its key file: what privacy tests search. */
export function allStoredText(dataDir: string): string {
  const key = fs.readFileSync(path.join(dataDir, 'store.key'), 'utf8').trim();
  const db = new Database(path.join(dataDir, 'callcue.db'), { readonly: true });
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma('legacy = 4');
  db.pragma(`key = "x'${key}'"`);
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
  const dump = tables.map((t) => JSON.stringify(db.prepare(`SELECT * FROM "${t}"`).all())).join('\n');
  db.close();
  return dump;
}
