/** Summary figures for a list of timings. */
export function summarize(samples: number[]): { n: number; median: number; p95: number; min: number; max: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return { n: s.length, median: round(at(0.5)), p95: round(at(0.95)), min: round(s[0]!), max: round(s.at(-1)!) };
}

/** One JSON line per figure: benchmarks print, they do not judge. */
export function emit(record: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(record)}\n`);
}
