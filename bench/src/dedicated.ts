import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ProcessSandbox, type SandboxSpec } from '@runnel/worker';
import { cpuMeter } from './cpu.js';
import { table } from './report.js';
import { summarize } from './stats.js';

/**
 * Issue 16 §2 at the sandbox (no server, no NATS): a trivial Bun and Python job run one after
 * another, each in a sandbox of its own (the warm pool's) and in a dedicated runtime
 * (docs/adr/0050-dedicated-runtimes.md), with the CPU per job of this process, its launcher and
 * every sandbox (counted once they have ended: the row ends by draining the warm pool and the
 * dedicated processes). BENCH_RUNS jobs per row (default 200) after 5 to warm up. It only prints.
 */

const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const SCRIPTS = {
  bun: 'export function main(x: number) {\n  return x + 1;\n}\n',
  python3: 'def main(x: int):\n    return x + 1\n',
} as const;

const log = (text: string): void => void process.stderr.write(`bench: ${text}\n`);

async function main(): Promise<void> {
  const workRoot = await mkdtemp(join(tmpdir(), 'runnel-bench-dedicated-'));
  const sandbox = new ProcessSandbox({ workRoot, uidBase: 360_000, maxSlots: 16, dedicated: {} });
  const rows: string[][] = [];
  try {
    for (const language of ['bun', 'python3'] as const) {
      for (const dedicated of [false, true]) {
        const spec = (x: number): SandboxSpec => ({
          jobId: `bench-${x}`,
          language,
          content: SCRIPTS[language],
          args: { x },
          argOrder: ['x'],
          timeoutMs: 30_000,
          network: 'none',
          ...(dedicated && { dedicated: { version: `bench\0${language}` } }),
        });
        const kind = dedicated ? 'dedicated runtime' : 'a sandbox per job (warm pool)';
        log(`${language}, ${kind}: ${RUNS} jobs`);
        for (let x = 0; x < 5; x++) await sandbox.run(spec(x));
        const samples: number[] = [];
        const meter = cpuMeter([process.pid]); // its children named node: the launcher
        const started = performance.now();
        for (let x = 0; x < RUNS; x++) {
          const t = performance.now();
          const outcome = await sandbox.run(spec(x));
          samples.push(performance.now() - t);
          if (outcome.result !== x + 1) throw new Error(`${language}: ${JSON.stringify(outcome)}`);
        }
        const seconds = (performance.now() - started) / 1000;
        await sandbox.drainPool();
        await sandbox.settled();
        const { byGroup } = meter();
        const cpuMs = (byGroup.bench ?? 0) + (byGroup.launcher ?? 0);
        const s = summarize(samples);
        rows.push([
          language,
          kind,
          (RUNS / seconds).toFixed(0),
          s.p50.toFixed(1),
          s.p99.toFixed(1),
          (cpuMs / RUNS).toFixed(2),
        ]);
      }
    }
  } finally {
    await sandbox.close();
    await rm(workRoot, { recursive: true, force: true });
  }
  console.log(
    `Trivial jobs one after another in the process sandbox (network none), ${RUNS} per row; load average at the end ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  );
  console.log(table(['language', 'runs in', 'jobs/s', 'p50 ms', 'p99 ms', 'CPU ms/job'], rows));
}

await main();
