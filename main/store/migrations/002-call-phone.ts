import type { Database } from 'better-sqlite3-multiple-ciphers';

/**
 * The number an autonomous call dialled (E.164), so the morning's callbacks can be made. Assist calls leave it empty:
 * the softphone dials those. Exports and screens show it masked (main/export/mask.ts).
 */
export function up(db: Database): void {
  db.exec(`ALTER TABLE calls ADD COLUMN phone TEXT CHECK (phone IS NULL OR phone GLOB '+[1-9]*')`);
}
