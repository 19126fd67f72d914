import { isUtf8 } from 'node:buffer';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Parser } from 'csv-parse';
import { CallcueError } from '../base/errors.ts';

/**
 * Bytes parsed between two turns of the event loop: about 220 lead rows, under 10 ms once warm (64 KB held it up to
 * 29 ms). The first chunk also pays ICU's one-time time-zone load, about 28 ms. See test/bench/leads.ts.
 */
const CHUNK_BYTES = 16 * 1024;

/**
 * A spreadsheet's CSV export as UTF-8 bytes without a BOM: UTF-8 (BOM or not) as is, UTF-16 with a BOM converted.
 * Anything else (Latin-1, GBK, UTF-16 without a BOM) is one clear error: decoding it as UTF-8 would garble names.
 */
export function utf8Bytes(file: Uint8Array | string, what: string): Buffer {
  if (typeof file === 'string') return Buffer.from(file.replace(/^\uFEFF/, ''));
  const bytes = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return Buffer.from(utf16(bytes.subarray(2), 'utf-16le', what));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(utf16(bytes.subarray(2), 'utf-16be', what));
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  // NUL is valid UTF-8 but never in a CSV: it is UTF-16 without its BOM.
  if (isUtf8(body) && !body.includes(0)) return body;
  const line = new TextDecoder('utf-8').decode(body).split(/\uFFFD|\0/)[0]!.split('\n').length;
  throw new CallcueError('leads_encoding', `The ${what} is not UTF-8 text (line ${line} is not; Latin-1 or GBK files look like this). Save it as "CSV UTF-8" and import it again.`, { key: 'campaign.importError.encoding', vars: { line: String(line) } });
}

function utf16(bytes: Buffer, encoding: 'utf-16le' | 'utf-16be', what: string): string {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    throw new CallcueError('leads_encoding', `The ${what} says it is UTF-16 but is not. Save it as "CSV UTF-8" and import it again.`, { key: 'campaign.importError.utf16' });
  }
}

/** Comma, semicolon (Excel where the decimal mark is a comma) or tab: the one the header line uses most, outside quotes. */
export function detectDelimiter(utf8: Buffer): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const byte of utf8.subarray(0, 64 * 1024)) {
    if (byte === 0x22) quoted = !quoted;
    else if (quoted) continue;
    else if (byte === 0x0a) break;
    else if (byte === 0x2c) counts[',']++;
    else if (byte === 0x3b) counts[';']++;
    else if (byte === 0x09) counts['\t']++;
  }
  return counts[';'] > counts[','] && counts[';'] >= counts['\t'] ? ';' : counts['\t'] > counts[','] ? '\t' : ',';
}

/** What csv-parse's quote errors mean for someone who edited the file by hand. */
const QUOTE_PROBLEMS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quote (") opens a value and is never closed',
  CSV_INVALID_OPENING_QUOTE: 'a quote (") inside a value: put the whole value in quotes and double the quote ("")',
  CSV_INVALID_CLOSING_QUOTE: 'text after the closing quote (") of a value',
};

/**
 * Every record of the CSV with the line it starts on, as a text editor numbers lines: blank lines and newlines
 * inside quotes count. csv-parse's own `info.lines` is where a record ends, and counts a quoted CRLF twice, so the
 * line comes from the record's byte offsets instead. Records that are all blank are left out; what `onRecord` throws
 * ends the parse. It yields to the event loop between chunks, so a 5 MB list does not hold up the app's main process
 * (calls in progress, IPC) for more than one chunk at a time.
 */
export async function csvRecords(utf8: Buffer, delimiter: string, onRecord: (fields: string[], line: number) => void, what: string): Promise<void> {
  let counted = 0; // bytes whose newlines are in `line`
  let line = 1;
  let end = 0; // where the last record ended
  const lineOf = (offset: number) => {
    for (let at = utf8.indexOf(0x0a, counted); at !== -1 && at < offset; at = utf8.indexOf(0x0a, at + 1)) line++;
    counted = offset;
    return line;
  };
  // Where the next record starts: past the line breaks (blank lines) after the last one.
  const nextStart = () => {
    let at = end;
    while (utf8[at] === 0x0d || utf8[at] === 0x0a) at++;
    return at;
  };
  let failed: Error | undefined;
  const parser = new Parser({
    delimiter,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    // With `info`, each record comes as { record, info }; returning null keeps it out of the stream's buffer.
    on_record: (wrapped, info) => {
      const { record } = wrapped as unknown as { record: string[] };
      const at = lineOf(nextStart());
      end = info.bytes;
      if (record.some((f) => f.trim())) onRecord(record, at);
      return null;
    },
  });
  parser.on('error', (error: Error) => (failed ??= error));
  for (let at = 0; at < utf8.length && !failed; at += CHUNK_BYTES) {
    parser.write(utf8.subarray(at, at + CHUNK_BYTES));
    await nextTurn();
  }
  if (!failed) await new Promise<void>((resolve) => parser.once('finish', resolve).once('error', () => resolve()).end());
  // What `onRecord` throws (a missing column, say) comes back through csv-parse as is.
  if (failed instanceof CallcueError) throw failed;
  if (failed) {
    const code = (failed as Error & { code?: string }).code ?? '';
    const reason = QUOTE_PROBLEMS[code] ?? failed.message.replace(/:.*$/s, '');
    const line = String(lineOf(nextStart()));
    throw new CallcueError('leads_csv', `The ${what} is not valid CSV from line ${line}: ${reason}.`, { key: 'campaign.importError.csv', vars: { line } });
  }
}
