import { randomBytes, randomUUID } from 'node:crypto';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { connect } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import {
  decodeEvent,
  encodeJob,
  natsNames,
  PROTOCOL_VERSION,
  removeTopology,
  type JobMessage,
  type WorkerEvent,
} from '@runnel/protocol';
import type { Language } from '@runnel/runtimes';
import { depsFor, type PackageSources, type Requirement } from '@runnel/runtimes/deps';
import { buildWheels } from '@runnel/runtimes/test/wheels';
import { DepsCache, depsCacheOf, loadWorkerConfig, ProcessSandbox, startWorker } from '@runnel/worker';
import { NATS_URL } from './stack.js';
import { round, summarize, type Summary } from './stats.js';

/**
 * Issue 13's figures: the sync latency (a job message published → its result event, through a
 * worker and its sandbox) of a Bun and a Python job whose dependencies are cached, against the
 * same job without imports, interleaved in one run; and what locking and installing a small
 * package costs. Target: cached dependencies add ≤ 5 ms at p50. It only prints.
 *
 * No server: locks come from the same runtimes/deps the server uses at deploy, and job messages
 * go straight to JetStream, so the figure is the worker's and the sandbox's part, which is all
 * that dependencies change. Python packages come from a wheel built here (no index is reachable).
 */

const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
const INSTALLS = Number(process.env.BENCH_DEPS_INSTALLS ?? 3);
/** Below the worker's default slots (100000) and the latency bench's sandbox (200000). */
const UID_BASE = 210_000;
export const DEPS_TARGET_MS = 5;

const log = (text: string): void => void process.stderr.write(`bench: ${text}\n`);

interface DepsCase {
  name: string;
  language: Language;
  requirements: Requirement[];
  /** The job importing the package; `plain` is the same job without the import. */
  content: string;
  plain: string;
}

/** A wheel of `runnelbench` 1.0 (`answer()` → 42) in `dir`, made by hand as pip would find it. */
function buildWheel(dir: string): void {
  buildWheels(dir, [['runnelbench', '1.0', [], 'def answer():\n    return 42\n']]);
}

const CASES: DepsCase[] = [
  {
    name: 'bun ms',
    language: 'bun',
    requirements: [{ name: 'ms', range: '2.1.3' }],
    content: "import ms from 'ms';\nexport function main() { return ms('2 days'); }\n",
    plain: 'export function main() { return 172800000; }\n',
  },
  {
    name: 'python3 runnelbench',
    language: 'python3',
    requirements: [{ name: 'runnelbench', range: '==1.0' }],
    content: 'import runnelbench\n\n\ndef main():\n    return runnelbench.answer()\n',
    plain: 'def main():\n    return 42\n',
  },
];

/** Milliseconds from publishing `job` to its result event, which must be a success. */
async function timeJob(
  nc: Awaited<ReturnType<typeof connect>>,
  publish: (job: JobMessage) => Promise<unknown>,
  names: ReturnType<typeof natsNames>,
  job: JobMessage,
): Promise<number> {
  const sub = nc.subscribe(names.eventsSubject(job.id));
  const started = performance.now();
  await publish(job);
  for await (const msg of sub) {
    const event = decodeEvent(msg.data) as WorkerEvent;
    if (event.type !== 'result') continue;
    const ms = performance.now() - started;
    sub.unsubscribe();
    if (event.status !== 'success')
      throw new Error(`${job.language} job: ${event.status} ${JSON.stringify(event.result)}`);
    return ms;
  }
  throw new Error('the events subscription ended');
}

interface CaseFigures {
  name: string;
  cached: Summary;
  plain: Summary;
  /** cached − plain. */
  addedP50: number;
  addedP99: number;
  /** Resolving the requirements to a lock (what a deploy does), per try. */
  lock: Summary;
  /** Installing the lock into an empty cache (what the first job of a machine waits for), per try. */
  install: Summary;
}

async function installCost(
  test: DepsCase,
  sources: PackageSources,
  base: string,
): Promise<Pick<CaseFigures, 'lock' | 'install'>> {
  const deps = depsFor(test.language)!;
  const lockMs: number[] = [];
  const installMs: number[] = [];
  for (let i = 0; i < INSTALLS; i++) {
    let started = performance.now();
    const lock = await deps.lock(test.requirements, sources, AbortSignal.timeout(300_000));
    lockMs.push(performance.now() - started);
    const cache = new DepsCache({ dir: join(base, `install-${i}`), maxBytes: 1024 ** 3, sources, mode: 'root' });
    started = performance.now();
    await cache.ensure(test.language, lock, AbortSignal.timeout(300_000));
    installMs.push(performance.now() - started);
  }
  return { lock: summarize(lockMs), install: summarize(installMs) };
}

async function main(): Promise<void> {
  const base = await mkdtemp(join(tmpdir(), 'runnel-bench-deps-'));
  await chmod(base, 0o711);
  const wheels = join(base, 'wheels');
  await mkdir(wheels);
  buildWheel(wheels);
  const sources: PackageSources = { pipFindLinks: wheels };
  const names = natsNames(`bd${randomBytes(5).toString('hex')}`);
  const config = loadWorkerConfig({
    NATS_URL,
    RUNNEL_NATS_PREFIX: names.prefix,
    WORKER_GROUPS: 'default',
    WORKER_NETWORK: 'none',
    WORKER_NAME: 'bench-deps',
    WORKER_DEPS_DIR: join(base, 'cache'),
    RUNNEL_PIP_FIND_LINKS: wheels,
  });
  const sandbox = new ProcessSandbox({ uidBase: UID_BASE, maxSlots: 16, workRoot: join(base, 'jobs') });
  const depsCache = depsCacheOf(config);
  const worker = await startWorker(config, sandbox, depsCache);
  const nc = await connect({ servers: NATS_URL });
  const js = jetstream(nc);
  const publish = (job: JobMessage) => js.publish(names.jobsSubject('default'), encodeJob(job));
  const figures: CaseFigures[] = [];
  try {
    const locks = new Map<string, string>();
    for (const test of CASES) {
      log(`${test.name}: locking and installing ${INSTALLS} times into an empty cache`);
      const cost = await installCost(test, sources, base);
      locks.set(
        test.name,
        await depsFor(test.language)!.lock(test.requirements, sources, AbortSignal.timeout(300_000)),
      );
      figures.push({ name: test.name, ...cost, cached: summarize([]), plain: summarize([]), addedP50: 0, addedP99: 0 });
    }
    const samples = new Map(CASES.map((c) => [c.name, { cached: [] as number[], plain: [] as number[] }]));
    log(`latency: ${WARMUP} + ${RUNS} passes, cached dependencies against none, interleaved`);
    for (let pass = 0; pass < WARMUP + RUNS; pass++) {
      for (const test of CASES) {
        const job = (content: string, lock?: string): JobMessage => ({
          v: PROTOCOL_VERSION,
          id: randomUUID(),
          workspace: 'main',
          language: test.language,
          content,
          args: {},
          arg_order: [],
          tag: 'default',
          timeout_s: 60,
          network: null,
          script_path: null,
          script_hash: null,
          ...(lock && { lock }),
        });
        const runs: [keyof typeof kinds, () => Promise<number>][] = [
          ['cached', () => timeJob(nc, publish, names, job(test.content, locks.get(test.name)))],
          ['plain', () => timeJob(nc, publish, names, job(test.plain))],
        ];
        const kinds = samples.get(test.name)!;
        // Alternating which goes first, so that neither always follows the other.
        for (const [kind, run] of pass % 2 ? runs.reverse() : runs) {
          const ms = await run();
          if (pass >= WARMUP) kinds[kind].push(ms);
        }
      }
    }
    for (const figure of figures) {
      const { cached, plain } = samples.get(figure.name)!;
      figure.cached = summarize(cached);
      figure.plain = summarize(plain);
      figure.addedP50 = round(figure.cached.p50 - figure.plain.p50);
      figure.addedP99 = round(figure.cached.p99 - figure.plain.p99);
    }
    log(`installs by the worker while measuring: ${depsCache.installs} (one per lock: the rest found it cached)`);
  } finally {
    await nc.close();
    await worker.stop(5000);
    await removeTopology(NATS_URL, names).catch(() => undefined);
    await rm(base, { recursive: true, force: true });
  }
  console.log(formatDeps(figures));
  const dir = fileURLToPath(new URL('../results/', import.meta.url));
  await mkdir(dir, { recursive: true });
  const at = new Date().toISOString();
  const machine = { cpus: availableParallelism(), node: process.version, kernel: release() };
  await writeFile(join(dir, 'deps-latest.json'), JSON.stringify({ at, machine, runs: RUNS, figures }, null, 2) + '\n');
}

function formatDeps(figures: CaseFigures[]): string {
  const ms = (v: number): string => `${v.toFixed(1)} ms`;
  const lines = [
    `sync latency, published job → result (${RUNS} runs each; target: cached dependencies add ≤ ${DEPS_TARGET_MS} ms at p50)`,
  ];
  for (const f of figures) {
    lines.push(
      `  ${f.name.padEnd(20)} cached p50 ${ms(f.cached.p50)} p99 ${ms(f.cached.p99)} | no imports p50 ${ms(f.plain.p50)} p99 ${ms(f.plain.p99)} | added p50 ${ms(f.addedP50)} p99 ${ms(f.addedP99)} — ${f.addedP50 <= DEPS_TARGET_MS ? 'meets target' : 'MISSES target'}`,
    );
  }
  lines.push(`install cost of a small package (${INSTALLS} tries, p50): lock at deploy, install into an empty cache`);
  for (const f of figures) lines.push(`  ${f.name.padEnd(20)} lock ${ms(f.lock.p50)}  install ${ms(f.install.p50)}`);
  return lines.join('\n');
}

main().catch((err: unknown) => {
  console.error('bench failed:', err);
  process.exitCode = 1;
});
