import { columns, type Cell } from './rows.ts';

const quote = (cell: Cell) => {
  if (cell === null) return '';
  const text = String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/**
 * RFC 4180 CSV, UTF-8 with a BOM so Excel opens Chinese correctly; one header row even when there are no calls.
 * `leading`: columns before the per-call ones (a team export's rep).
 */
export function toCsv(rows: Record<string, Cell>[], leading: string[] = []): Buffer {
  const ids = [...leading, ...columns.map((c) => c.id)];
  const lines = [ids.join(','), ...rows.map((row) => ids.map((id) => quote(row[id] ?? null)).join(','))];
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}
