import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, release } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { NetworkPolicy } from '@runnel/worker';
import { BARE_ECHO_ARGS, bareThroughput, runBare, type BareThroughput } from './bare.js';
import { table } from './report.js';
import { startStack, type Stack } from './stack.js';
import { round, summarize } from './stats.js';
import { measureThroughput } from './throughput.js';

/**
 * Issue 16 §3's figures: trivial Bash job throughput through the platform (async jobs submitted
 * over HTTP and waited for, the worker on `npm run up`'s default network `outbound`) against the
 * best rate of the bare bubblewrap of the issue over the concurrencies 1–8, measured in the same
 * run (a sweep before and one after the platform's jobs, the best of both); and the sync p50 of
 * the same job against the bare bwrap's, interleaved. It only prints.
 */

function setting(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw ? Number(raw) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

const settings = {
  /** BENCH_SANDBOX_JOBS: async jobs through the platform (default 300, as in the issue). */
  jobs: setting('BENCH_SANDBOX_JOBS', 300),
  /** BENCH_HTTP_CONCURRENCY: submit requests in flight (default 16, as `npm run bench`). */
  httpConcurrency: setting('BENCH_HTTP_CONCURRENCY', 16),
  /** BENCH_SANDBOX_BARE_SPAWNS: bare spawns per concurrency of each sweep (default 300). */
  bareSpawns: setting('BENCH_SANDBOX_BARE_SPAWNS', 300),
  /** BENCH_SANDBOX_MAX_CONCURRENCY: the sweep's last concurrency (default 8). */
  maxConcurrency: setting('BENCH_SANDBOX_MAX_CONCURRENCY', 8),
  /** BENCH_RUNS / BENCH_WARMUP: sync runs of each kind, and unmeasured ones first (default 40 / 5). */
  runs: setting('BENCH_RUNS', 40),
  warmup: setting('BENCH_WARMUP', 5),
};
/** BENCH_SANDBOX_NETWORK: the worker's network policy (default `outbound`, as `npm run up` runs it). */
const NETWORK = (process.env.BENCH_SANDBOX_NETWORK ?? 'outbound') as NetworkPolicy;
const PATH = 'f/bench/echo';

const log = (text: string): void => void process.stderr.write(`bench: ${text}\n`);

async function sweep(name: string): Promise<BareThroughput[]> {
  const out: BareThroughput[] = [];
  for (let c = 1; c <= settings.maxConcurrency; c++) {
    log(`bare bwrap ${name}: ${settings.bareSpawns} spawns ×${c}`);
    out.push(await bareThroughput(settings.bareSpawns, c, BARE_ECHO_ARGS));
  }
  return out;
}

/** run_wait_result of the job and the bare bwrap, one after the other, alternating which goes first. */
async function syncLatency(stack: Stack): Promise<{ full: number[]; bare: number[] }> {
  const full: number[] = [];
  const bare: number[] = [];
  const runFull = async (): Promise<number> => {
    const started = performance.now();
    const res = await stack.post(`/api/w/main/jobs/run_wait_result/p/${PATH}`, {});
    const ms = performance.now() - started;
    if (res.status !== 200) throw new Error(`run_wait_result: ${res.status} ${res.body}`);
    return ms;
  };
  for (let i = 0; i < settings.warmup + settings.runs; i++) {
    const keep = i >= settings.warmup;
    const pair = [
      async () => void (keep ? full.push(await runFull()) : await runFull()),
      async () => void (keep ? bare.push(await runBare(BARE_ECHO_ARGS)) : await runBare(BARE_ECHO_ARGS)),
    ];
    for (let k = 0; k < 2; k++) await pair[(i + k) % 2]!();
  }
  return { full, bare };
}

async function main(): Promise<void> {
  log('starting a server (fresh database, own NATS prefix) and a worker');
  const stack = await startStack();
  try {
    await stack.deploy(PATH, 'bash', 'echo 1\n');
    const { worker, concurrency, pid } = await stack.startWorker(NETWORK);
    try {
      const before = await sweep('before');
      log(`platform: warm-up, then ${settings.jobs} async jobs`);
      await measureThroughput(stack, PATH, Math.min(20, settings.jobs), settings.httpConcurrency, concurrency);
      const full = await measureThroughput(stack, PATH, settings.jobs, settings.httpConcurrency, concurrency, pid);
      const after = await sweep('after');
      log(`sync: ${settings.warmup} + ${settings.runs} runs of each, interleaved`);
      const sync = await syncLatency(stack);

      const best = [...before, ...after].reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
      const ratio = full.jobsPerSecond / best.perSecond;
      const fullSync = summarize(sync.full);
      const bareSync = summarize(sync.bare);
      const overhead = round(fullSync.p50 - bareSync.p50);
      const out = [
        `Sandbox ratio (issue 16 §3), ${new Date().toISOString()}: ${availableParallelism()} cores, Linux ${release()}, ` +
          `Node ${process.version}; worker network ${NETWORK}, concurrency ${concurrency}; load average at the end ` +
          loadavg()
            .map((l) => l.toFixed(2))
            .join(' '),
        `bare = bwrap ${BARE_ECHO_ARGS.map((a) => (a.includes(' ') ? JSON.stringify(a) : a)).join(' ')} (as uid nobody)`,
        '',
        `Bare bwrap spawns per second, ${settings.bareSpawns} per concurrency (before and after the platform's jobs)`,
        table(
          ['concurrency', 'before /s', 'after /s'],
          before.map((b, i) => [String(b.concurrency), b.perSecond.toFixed(1), after[i]!.perSecond.toFixed(1)]),
        ),
        `best: ${best.perSecond.toFixed(1)} spawns/s at ×${best.concurrency}`,
        '',
        `Platform: ${full.jobs} async bash \`echo 1\` jobs (POST jobs/run/p, ${settings.httpConcurrency} in flight) ` +
          `→ all final: ${full.seconds.toFixed(2)} s = ${full.jobsPerSecond.toFixed(1)} jobs/s; statuses ` +
          JSON.stringify(full.statuses),
        `  CPU per job by process, ms: ${Object.entries(full.cpu.byGroup)
          .map(([group, ms]) => `${group} ${(ms / full.jobs).toFixed(1)}`)
          .join(', ')}; machine busy ${full.cpu.machineBusyPercent} %`,
        `RATIO platform / best bare: ${ratio.toFixed(2)} (issue 16: 0.19 on its machine; target ≥ 0.5)`,
        '',
        `Sync, ${settings.runs} runs each after ${settings.warmup} warm-up, interleaved (ms)`,
        table(
          ['', 'p50', 'p99', 'mean'],
          [
            [
              'run_wait_result of the bash job',
              fullSync.p50.toFixed(1),
              fullSync.p99.toFixed(1),
              fullSync.mean.toFixed(1),
            ],
            ['bare bwrap', bareSync.p50.toFixed(1), bareSync.p99.toFixed(1), bareSync.mean.toFixed(1)],
          ],
        ),
        `p50 overhead over bare: ${overhead.toFixed(1)} ms (target ≤ 5 ms)`,
      ];
      console.log(out.join('\n'));
      const dir = fileURLToPath(new URL('../results/', import.meta.url));
      await mkdir(dir, { recursive: true });
      const figures = {
        at: new Date().toISOString(),
        network: NETWORK,
        workerConcurrency: concurrency,
        loadavg: loadavg(),
        settings,
        bare: { before, after, best: { concurrency: best.concurrency, perSecond: best.perSecond } },
        platform: full,
        ratio,
        sync: { full: fullSync, bare: bareSync, p50OverheadMs: overhead },
      };
      await writeFile(`${dir}sandbox-ratio.json`, JSON.stringify(figures, null, 2) + '\n');
      console.log(`\nfigures written to ${dir}sandbox-ratio.json`);
    } finally {
      await worker.stop(5000);
    }
  } finally {
    await stack.close();
  }
}

main().catch((err: unknown) => {
  console.error('bench failed:', err);
  process.exitCode = 1;
});
