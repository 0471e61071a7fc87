export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const summary = (ms: number[]) =>
  `p50 ${percentile(ms, 50).toFixed(0)} ms  p95 ${percentile(ms, 95).toFixed(0)} ms  p99 ${percentile(ms, 99).toFixed(0)} ms`;

/** Runs task(i) for i < n with at most `concurrency` in flight. */
export async function pool(n: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) await task(next++);
  }));
}

/** Runs task(i) for i < n at a fixed offered rate, not waiting for earlier ones. */
export async function atRate(n: number, perSecond: number, task: (i: number) => Promise<void>): Promise<void> {
  const start = Date.now();
  const running: Promise<void>[] = [];
  for (let i = 0; i < n; i++) {
    const due = start + (i * 1000) / perSecond;
    if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
    running.push(task(i));
  }
  await Promise.all(running);
}
