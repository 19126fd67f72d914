/**
 * Fills `{{name}}` placeholders. A line that needs a value we do not have is not offered (null).
 * `{{^name}}` marks a fallback line: offered only while `name` is still unknown (e.g. "May I ask your age?").
 */
export function fillTemplate(line: string, vars: Record<string, string | undefined>): string | null {
  const has = (name: string) => vars[name] !== undefined && vars[name] !== '';
  let offered = true;
  const text = line.replace(/\{\{\s*(\^?)(\w+)\s*\}\}/g, (_m, inverted: string, name: string) => {
    if (inverted) {
      if (has(name)) offered = false;
      return '';
    }
    if (!has(name)) offered = false;
    return vars[name] ?? '';
  });
  return offered ? text.replace(/\s{2,}/g, ' ').trim() : null;
}
