import { mkdir, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NetworkPolicy, RunningWorker } from '@runnel/worker';
import { startStack, type Stack } from './stack.js';
import { quantile, round } from './stats.js';
import { measureThroughput, type Throughput } from './throughput.js';

/**
 * What more worker processes buy on this machine (docs/scaling.md): async throughput of a
 * trivial Bash job (CPU-bound: a sandbox start per job) and of a job that sleeps (slot-bound),
 * for each layout of worker processes × slots, in rounds that rotate the order. It only prints.
 *
 * BENCH_SCALE: layouts as `<processes>x<slots>`, comma-separated (default 1x2,2x2,1x4).
 * BENCH_ROUNDS (default 2), BENCH_JOBS trivial jobs per run (default 300), BENCH_SLEEP_JOBS
 * (default 60) of BENCH_SLEEP_MS each (default 500), BENCH_HTTP_CONCURRENCY (default 16),
 * BENCH_NETWORK the jobs' network (default none).
 */

function setting(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw ? Number(raw) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

interface Layout {
  processes: number;
  slots: number;
}

function layouts(): Layout[] {
  return (process.env.BENCH_SCALE ?? '1x2,2x2,1x4').split(',').map((text) => {
    const match = /^\s*(\d+)x(\d+)\s*$/.exec(text);
    if (!match || Number(match[1]) < 1 || Number(match[2]) < 1) {
      throw new Error(`BENCH_SCALE: "${text}" is not <processes>x<slots>, e.g. 2x2`);
    }
    return { processes: Number(match[1]), slots: Number(match[2]) };
  });
}

const settings = {
  layouts: layouts(),
  rounds: setting('BENCH_ROUNDS', 2),
  jobs: setting('BENCH_JOBS', 300),
  sleepJobs: setting('BENCH_SLEEP_JOBS', 60),
  sleepMs: setting('BENCH_SLEEP_MS', 500),
  httpConcurrency: setting('BENCH_HTTP_CONCURRENCY', 16),
  network: (process.env.BENCH_NETWORK ?? 'none') as NetworkPolicy,
};

const median = (values: number[]): number =>
  quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
const log = (text: string): void => void process.stderr.write(`bench: ${text}\n`);
const label = (l: Layout): string => `${l.processes}x${l.slots}`;

interface Run {
  layout: string;
  round: number;
  trivial: Throughput;
  sleep: Throughput;
}

async function measure(stack: Stack, layout: Layout, round: number, workRoot: string): Promise<Run> {
  // WORKER_CONCURRENCY is read by the stack from this process's environment.
  process.env.WORKER_CONCURRENCY = String(layout.slots);
  const started: { worker: RunningWorker; pid: number }[] = [];
  try {
    for (let i = 0; i < layout.processes; i++) {
      started.push(
        await stack.startWorker(settings.network, {
          uidBase: 300_000 + i * 1000,
          workRoot: join(workRoot, `w${i}`),
        }),
      );
    }
    const pids = started.map((s) => s.pid);
    const total = layout.processes * layout.slots;
    // Warm-up: every process's cold paths and warm pool, before anything is timed.
    await measureThroughput(stack, 'f/bench/bash', 10 * layout.processes, settings.httpConcurrency, total);
    const trivial = await measureThroughput(
      stack,
      'f/bench/bash',
      settings.jobs,
      settings.httpConcurrency,
      total,
      pids,
    );
    const sleep = await measureThroughput(
      stack,
      'f/bench/sleep',
      settings.sleepJobs,
      settings.httpConcurrency,
      total,
      pids,
    );
    log(
      `round ${round + 1} ${label(layout)}: trivial ${trivial.jobsPerSecond.toFixed(1)}/s, ` +
        `sleep ${sleep.jobsPerSecond.toFixed(2)}/s`,
    );
    return { layout: label(layout), round, trivial, sleep };
  } finally {
    for (const s of started) await s.worker.stop(5000);
  }
}

function report(runs: Run[]): string {
  const rows = settings.layouts.map((layout) => {
    const mine = runs.filter((r) => r.layout === label(layout));
    const trivial = mine.map((r) => r.trivial.jobsPerSecond);
    const sleep = mine.map((r) => r.sleep.jobsPerSecond);
    const busy = mine.map((r) => r.trivial.cpu.machineBusyPercent);
    const ideal = (layout.processes * layout.slots * 1000) / settings.sleepMs;
    return [
      label(layout),
      `${median(trivial).toFixed(1)} (${trivial.map((v) => v.toFixed(1)).join(', ')})`,
      `${median(busy).toFixed(0)} %`,
      `${median(sleep).toFixed(2)} (${sleep.map((v) => v.toFixed(2)).join(', ')})`,
      ideal.toFixed(1),
    ];
  });
  const head = [
    'processes x slots',
    'trivial jobs/s, median (runs)',
    'CPU busy',
    `${settings.sleepMs} ms sleep jobs/s, median (runs)`,
    'sleep ideal',
  ];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [
    `${availableParallelism()} cores; ${settings.jobs} trivial Bash jobs and ${settings.sleepJobs} jobs sleeping ` +
      `${settings.sleepMs} ms per run, network ${settings.network}, ${settings.rounds} rounds`,
    line(head),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(line),
  ].join('\n');
}

async function main(): Promise<void> {
  log('starting a server (fresh database, own NATS prefix)');
  const stack = await startStack();
  const workRoot = join(tmpdir(), 'runnel-bench-scale');
  const runs: Run[] = [];
  // The machine may be shared: its load before and after says how much the figures can be trusted.
  const loadBefore = loadavg()[0]!;
  try {
    await stack.deploy('f/bench/bash', 'bash', 'echo ok\n');
    await stack.deploy('f/bench/sleep', 'bash', `sleep ${settings.sleepMs / 1000}\necho ok\n`);
    for (let round = 0; round < settings.rounds; round++) {
      // Each round starts at another layout, so no layout always runs first on a cold machine.
      const order = settings.layouts.map((_, i) => settings.layouts[(i + round) % settings.layouts.length]!);
      for (const layout of order) runs.push(await measure(stack, layout, round, workRoot));
    }
  } finally {
    log('cleaning up');
    await stack.close();
    await rm(workRoot, { recursive: true, force: true });
  }
  console.log(report(runs));
  const load = { before: round(loadBefore), after: round(loadavg()[0]!) };
  console.log(`load average (1 min) before ${load.before}, after ${load.after}`);
  const dir = fileURLToPath(new URL('../results/', import.meta.url));
  await mkdir(dir, { recursive: true });
  const results = {
    at: new Date().toISOString(),
    machine: { cpus: availableParallelism(), node: process.version, kernel: release(), load },
    settings: { ...settings, layouts: settings.layouts.map(label) },
    runs,
    summary: settings.layouts.map((layout) => {
      const mine = runs.filter((r) => r.layout === label(layout));
      return {
        layout: label(layout),
        trivialPerSecond: round(median(mine.map((r) => r.trivial.jobsPerSecond))),
        sleepPerSecond: round(median(mine.map((r) => r.sleep.jobsPerSecond))),
      };
    }),
  };
  await writeFile(join(dir, 'scale-latest.json'), JSON.stringify(results, null, 2) + '\n');
  console.log(`\nfigures written to ${join(dir, 'scale-latest.json')}`);
}

main().catch((err: unknown) => {
  console.error('bench failed:', err);
  process.exitCode = 1;
});
