import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { CASES } from './latency.js';
import { startStack, type Stack } from './stack.js';
import { summarize, type Summary } from './stats.js';

/**
 * Issue 15's figure: the sync latency (run_wait_result, through the server, JetStream, a worker
 * and its sandbox) of a trivial bash, python3 and bun job with WORKER_SANDBOX=docker against the
 * process sandbox, measured in the same run: one worker of each kind after the other on the same
 * stack, each warmed up first (so both have their warm pool, of sandboxes or of containers), in two
 * series: back to back (each job sent when the last answered: then every job also waits for the
 * replacement of the warm container it took, a container start per job) and paced (BENCH_PAUSE_MS
 * between jobs, default 300). The target (ADR 0045): docker p50 ≤ 150 ms. It only prints.
 */

const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
const BUILD = fileURLToPath(new URL('../../scripts/images/build.mjs', import.meta.url));
/** Pause between two runs of the paced series: a client that does not send its next job the moment the last one answered. */
const PAUSE_MS = Number(process.env.BENCH_PAUSE_MS ?? 300);
const SANDBOXES = ['process', 'docker'] as const;
const SERIES = [
  { name: 'back to back', pauseMs: 0 },
  { name: `${PAUSE_MS} ms apart`, pauseMs: PAUSE_MS },
] as const;

const log = (text: string): void => void process.stderr.write(`bench: ${text}\n`);

async function timeRun(stack: Stack, path: string): Promise<number> {
  const started = performance.now();
  const res = await stack.post(`/api/w/main/jobs/run_wait_result/p/${path}`, {});
  const ms = performance.now() - started;
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.body}`);
  return ms;
}

async function main(): Promise<void> {
  const built = spawnSync(process.execPath, [BUILD, ...CASES.map((c) => c.language)], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('the docker images could not be built (scripts/images/build.mjs)');
  const stack = await startStack();
  const results: Record<string, Record<string, Summary>> = {};
  try {
    for (const c of CASES) await stack.deploy(c.path, c.language, c.content);
    for (const sandbox of SANDBOXES) {
      const { worker } = await stack.startWorker('none', undefined, { WORKER_SANDBOX: sandbox });
      log(`${sandbox}: warm-up, ${WARMUP} runs of each language`);
      for (let i = 0; i < WARMUP; i++) for (const c of CASES) await timeRun(stack, c.path);
      for (const series of SERIES) {
        const samples = new Map<string, number[]>(CASES.map((c) => [c.language, []]));
        for (let r = 0; r < RUNS; r++) {
          if (r % 10 === 0) log(`${sandbox}, ${series.name}: round ${r + 1}/${RUNS}`);
          // Each round starts at another language: none always follows the same one.
          for (let i = 0; i < CASES.length; i++) {
            const c = CASES[(r + i) % CASES.length]!;
            if (series.pauseMs) await new Promise((resolve) => setTimeout(resolve, series.pauseMs));
            samples.get(c.language)!.push(await timeRun(stack, c.path));
          }
        }
        results[`${sandbox}, ${series.name}`] = Object.fromEntries(
          [...samples].map(([language, s]) => [language, summarize(s)]),
        );
      }
      await worker.stop(5000);
    }
  } finally {
    await stack.close();
  }
  const out = fileURLToPath(new URL('../results/', import.meta.url));
  await mkdir(out, { recursive: true });
  const report = { runs: RUNS, cores: availableParallelism(), sandboxes: results };
  await writeFile(`${out}docker.json`, JSON.stringify(report, null, 2) + '\n');

  console.log(
    `\nSync latency (run_wait_result) of a trivial job, docker sandbox against process, ${RUNS} interleaved runs each, ${report.cores} cores`,
  );
  console.log('| series | language | process p50 ms | process p99 ms | docker p50 ms | docker p99 ms |');
  console.log('|---|---|---|---|---|---|');
  for (const series of SERIES) {
    for (const c of CASES) {
      const p = results[`process, ${series.name}`]![c.language]!;
      const d = results[`docker, ${series.name}`]![c.language]!;
      console.log(`| ${series.name} | ${c.language} | ${p.p50} | ${p.p99} | ${d.p50} | ${d.p99} |`);
    }
  }
  console.log(
    `load average at the end: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(', ')}`,
  );
}

await main();
