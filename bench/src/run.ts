import { mkdir, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProcessSandbox, type NetworkPolicy } from '@runnel/worker';
import { bareThroughput } from './bare.js';
import { CASES, measureLatency } from './latency.js';
import { formatResults, type BenchResults, type NetworkResults } from './report.js';
import { startStack, type Stack } from './stack.js';
import { measureThroughput } from './throughput.js';

/**
 * Issue 2's figures: sync latency of trivial scripts through the whole stack against the bare
 * bubblewrap start, and async throughput against bare bwrap spawns. It only prints: no figure
 * makes it fail.
 */

function setting(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw ? Number(raw) : fallback;
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

function networks(): NetworkPolicy[] {
  const list = (process.env.BENCH_NETWORKS ?? 'none,outbound').split(',').map((n) => n.trim());
  for (const n of list) {
    if (!['none', 'outbound', 'host'].includes(n)) throw new Error(`BENCH_NETWORKS: unknown network "${n}"`);
  }
  return list as NetworkPolicy[];
}

/** BENCH_PARTS: which measurements to run, a comma list of `latency` and `throughput` (default both). */
function parts(): Set<string> {
  const list = (process.env.BENCH_PARTS ?? 'latency,throughput').split(',').map((p) => p.trim());
  for (const p of list) if (!['latency', 'throughput'].includes(p)) throw new Error(`BENCH_PARTS: unknown part "${p}"`);
  return new Set(list);
}

const settings = {
  runs: setting('BENCH_RUNS', 40),
  warmup: setting('BENCH_WARMUP', 5),
  jobs: setting('BENCH_JOBS', 300),
  httpConcurrency: setting('BENCH_HTTP_CONCURRENCY', 16),
  parts: [...parts()],
};

const log = (text: string): void => void process.stderr.write(`bench: ${text}\n`);

async function benchNetwork(stack: Stack, sandbox: ProcessSandbox, network: NetworkPolicy): Promise<NetworkResults> {
  const { worker, concurrency, pid } = await stack.startWorker(network);
  const results: NetworkResults = { network, workerConcurrency: concurrency };
  try {
    if (settings.parts.includes('latency')) {
      log(`network ${network}: latency, ${settings.warmup} + ${settings.runs} passes`);
      results.latency = await measureLatency(stack, sandbox, {
        runs: settings.runs,
        warmup: settings.warmup,
        network,
        onRound: (pass) => {
          if ((pass + 1) % 10 === 0) log(`  pass ${pass + 1}`);
        },
      });
    }
    if (settings.parts.includes('throughput')) {
      log(`network ${network}: throughput, ${settings.jobs} jobs`);
      // A short warm-up at full concurrency, so the first measured jobs don't pay for cold paths.
      await measureThroughput(
        stack,
        'f/bench/bash',
        Math.min(20, settings.jobs),
        settings.httpConcurrency,
        concurrency,
      );
      // Bare spawns at the worker's concurrency just before and just after, so both sides see the same machine.
      const before = await bareThroughput(settings.jobs, concurrency);
      const full = await measureThroughput(
        stack,
        'f/bench/bash',
        settings.jobs,
        settings.httpConcurrency,
        concurrency,
        pid,
      );
      const after = await bareThroughput(settings.jobs, concurrency);
      const bareMeanPerSecond = (before.perSecond + after.perSecond) / 2;
      results.throughput = {
        full,
        bare: [before, after],
        bareMeanPerSecond,
        ratio: full.jobsPerSecond / bareMeanPerSecond,
      };
    }
    return results;
  } finally {
    await worker.stop(5000);
  }
}

async function main(): Promise<void> {
  log('starting a server (fresh database, own NATS prefix)');
  const stack = await startStack();
  const results: BenchResults = {
    at: new Date().toISOString(),
    machine: { cpus: availableParallelism(), node: process.version, kernel: release() },
    settings,
    networks: [],
  };
  // Its own uids and work folder, away from the worker's slots (which start at 100000).
  const workRoot = join(tmpdir(), 'runnel-bench-jobs');
  const sandbox = new ProcessSandbox({ uidBase: 200_000, maxSlots: 16, workRoot });
  try {
    for (const test of CASES) await stack.deploy(test.path, test.language, test.content);
    for (const network of networks()) results.networks.push(await benchNetwork(stack, sandbox, network));
  } finally {
    log('cleaning up');
    // The sandbox first: its slots' disks are mounted under workRoot until it closes.
    await sandbox.close();
    await stack.close();
    await rm(workRoot, { recursive: true, force: true });
  }
  console.log(formatResults(results));
  const dir = fileURLToPath(new URL('../results/', import.meta.url));
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'latest.json'), JSON.stringify(results, null, 2) + '\n');
  console.log(`\nfigures written to ${join(dir, 'latest.json')}`);
}

main().catch((err: unknown) => {
  console.error('bench failed:', err);
  process.exitCode = 1;
});
