/** A progress bar on stderr: redrawn in place on a terminal, a line every 10% otherwise (logs, CI). */
export function progressBar(label: string, write: (text: string) => void, isTty = Boolean(process.stderr.isTTY)) {
  const started = performance.now();
  let lastDecile = -1;
  return (done: number, total: number) => {
    const fraction = total > 0 ? Math.min(1, done / total) : 0;
    const mb = (n: number) => (n / 2 ** 20).toFixed(1);
    const rate = done / 2 ** 20 / Math.max(0.001, (performance.now() - started) / 1000);
    const text = `${label} [${'█'.repeat(Math.round(fraction * 24)).padEnd(24, '░')}] ${String(Math.floor(fraction * 100)).padStart(3)}% ${mb(done)}/${mb(total)} MB ${rate.toFixed(1)} MB/s`;
    if (isTty) write(`\r${text}${fraction >= 1 ? '\n' : ''}`);
    else if (Math.floor(fraction * 10) > lastDecile) {
      lastDecile = Math.floor(fraction * 10);
      write(`${text}\n`);
    }
  };
}
