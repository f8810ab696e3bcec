/**
 * Small benchmark harness: throughput of a function, the machine's own limits to compare
 * against, and one table format. Figures are printed, never asserted: they vary by machine.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export interface Row {
  what: string;
  value: number;
  unit: string;
  /** The machine's own limit for the same work, when there is one. */
  limit?: { what: string; value: number };
}

/** Runs `fn` repeatedly for about `seconds` after a short warm-up; returns operations per second. */
export async function opsPerSecond(fn: () => unknown | Promise<unknown>, seconds = 2): Promise<number> {
  const warmUntil = performance.now() + 200;
  while (performance.now() < warmUntil) await fn();
  let count = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  while (performance.now() < until) {
    for (let i = 0; i < 16; i++) await fn();
    count += 16;
  }
  return (count * 1000) / (performance.now() - started);
}

/** `openssl speed` for one algorithm (`ecdsap256`, `rsa2048`), single process: sign/s and verify/s. */
export function opensslSpeed(algorithm: 'ecdsap256' | 'rsa2048', seconds = 2): { sign: number; verify: number } {
  const output = execFileSync('openssl', ['speed', '-seconds', String(seconds), algorithm], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const line = output.trim().split('\n').at(-1) ?? '';
  const numbers = line.trim().split(/\s+/).map(Number).filter((n) => !Number.isNaN(n));
  const [sign, verify] = numbers.slice(-2);
  return { sign, verify };
}

/** `openssl dgst -sha256` over a page-cached file of `mebibytes`: MiB/s. */
export function opensslSha256(mebibytes = 256): number {
  const dir = mkdtempSync(join(tmpdir(), 'evx-bench-'));
  try {
    const file = join(dir, 'data.bin');
    const chunk = Buffer.alloc(1024 * 1024, 7);
    writeFileSync(file, Buffer.concat(Array.from({ length: mebibytes }, () => chunk)));
    execFileSync('openssl', ['dgst', '-sha256', file], { stdio: 'ignore' }); // warm the page cache
    const started = performance.now();
    execFileSync('openssl', ['dgst', '-sha256', file], { stdio: 'ignore' });
    return mebibytes / ((performance.now() - started) / 1000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printRows(title: string, rows: Row[]): void {
  console.log(`\n${title}`);
  const format = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-GB') : n.toFixed(2));
  for (const row of rows) {
    const figure = `${format(row.value)} ${row.unit}`;
    const limit = row.limit ? `   vs ${row.limit.what} ${format(row.limit.value)} ${row.unit}  (ratio ${(row.value / row.limit.value).toFixed(2)})` : '';
    console.log(`  ${row.what.padEnd(46)} ${figure.padStart(16)}${limit}`);
  }
}
