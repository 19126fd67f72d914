import fs from 'node:fs';
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { CallcueError } from '../base/errors.ts';

/** A content file (playbook, plugin manifest, training data) that is wrong: the message starts with `file:line:col`. */
export class ConfigError extends CallcueError {
  constructor(message: string) {
    super('invalid_config', message);
  }
}

/**
 * Reads a YAML file and validates it against a zod schema. Syntax errors and schema errors both point at the
 * line in the file, so whoever wrote the playbook can fix it without reading code.
 */
export function loadYaml<S extends z.ZodType>(file: string, schema: S, text?: string): z.infer<S> {
  let source: string;
  try {
    source = text ?? fs.readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(`${file}: cannot read the file.`);
  }
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined) => {
    const { line, col } = lines.linePos(offset ?? 0);
    return `${file}:${line}:${col}`;
  };
  const [syntax] = doc.errors;
  if (syntax) throw new ConfigError(`${at(syntax.pos[0])}: ${syntax.message.split('\n')[0]}`);
  const parsed = schema.safeParse(doc.toJS());
  if (parsed.success) return parsed.data;
  const issue = mostSpecific(parsed.error.issues[0]!);
  // Point at the deepest node of the path that exists in the file.
  let path = issue.path as (string | number)[];
  let node = doc.getIn(path, true);
  while (!isNode(node) && path.length > 0) {
    path = path.slice(0, -1);
    node = path.length ? doc.getIn(path, true) : doc.contents;
  }
  const where = issue.path.length ? ` (at ${issue.path.join('.')})` : '';
  throw new ConfigError(`${at(isNode(node) ? node.range?.[0] : 0)}: ${issue.message}${where}`);
}

type Issue = { path: PropertyKey[]; message: string; code?: string; errors?: Issue[][]; issues?: Issue[] };

/** Of a union's failed branches, the one that got furthest into the file explains the mistake best. */
function mostSpecific(issue: z.core.$ZodIssue | Issue): { path: PropertyKey[]; message: string } {
  const i = issue as Issue;
  if (i.code === 'invalid_union' && i.errors?.length) {
    const branches = i.errors.filter((b) => b.length).map((b) => mostSpecific(b[0]!));
    const best = branches.sort((a, b) => b.path.length - a.path.length)[0];
    if (best) return { path: [...i.path, ...best.path], message: best.message };
  }
  if (i.code === 'invalid_key' && i.issues?.[0]) return { path: i.path, message: i.issues[0].message };
  return { path: i.path, message: i.message };
}
