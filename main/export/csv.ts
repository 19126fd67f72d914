import { columns, type Cell } from './rows.ts';

const quote = (cell: Cell) => {
  if (cell === null) return '';
  const text = String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** RFC 4180 CSV, UTF-8 with a BOM so Excel opens Chinese correctly; one header row even when there are no calls. */
export function toCsv(rows: Record<string, Cell>[]): Buffer {
  const lines = [columns.map((c) => c.id).join(','), ...rows.map((row) => columns.map((c) => quote(row[c.id] ?? null)).join(','))];
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}
