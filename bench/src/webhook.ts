import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, release } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { NetworkPolicy, RunningWorker } from '@runnel/worker';
import { cpuMeter, type CpuUse } from './cpu.js';
import { runLoad, type LoadResult } from './load.js';
import { table } from './report.js';
import { startStack, type Stack } from './stack.js';
import { FLOW_INPUT, VARIANTS, deployVariant, routeOf, type StepVariant } from './webhook-flows.js';

/**
 * Issue 16's benchmark: a webhook flow with two small code steps (webhook → +1 → ×2 → respond
 * with the last result, synchronous, every run persisted), per kind of step, driven by autocannon
 * at c=1 and c=20 through an HTTP route (`/api/r/main/…`, sync, authentication none: what an n8n
 * Webhook node set to answer with the last node's data is). Prints req/s, p50, p99, errors and
 * CPU per flow, against n8n's figures as issue 16 gives them. It only prints.
 */

function setting(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw ? Number(raw) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

/** BENCH_WEBHOOK_SECONDS: each measured window (default 15, as in the issue). */
const SECONDS = setting('BENCH_WEBHOOK_SECONDS', 15);
/** BENCH_WEBHOOK_WARMUP_SECONDS: load at the highest concurrency before measuring a variant (default 3). */
const WARMUP_SECONDS = setting('BENCH_WEBHOOK_WARMUP_SECONDS', 3);
/** BENCH_WEBHOOK_CONCURRENCY: the connections of each window (default 1,20). */
const CONCURRENCIES = (process.env.BENCH_WEBHOOK_CONCURRENCY ?? '1,20').split(',').map(Number);
/** BENCH_WEBHOOK_VARIANTS: ids to run (default all of webhook-flows.ts). */
const ONLY = process.env.BENCH_WEBHOOK_VARIANTS?.split(',').map((v) => v.trim());
/** BENCH_WEBHOOK_NETWORK: the worker's network policy (default `outbound`, as `npm run up` runs it). */
const NETWORK = (process.env.BENCH_WEBHOOK_NETWORK ?? 'outbound') as NetworkPolicy;

/** Issue 16's figures for n8n 2.8.4 (Webhook → Set → Code, SQLite), autocannon 15 s, on another 2-core machine. */
const N8N: Record<number, { rps: number; p50: number }> = { 1: { rps: 63, p50: 15 }, 20: { rps: 97, p50: 200 } };

const log = (text: string): void => void process.stderr.write(`bench: ${text}\n`);

interface Window {
  variant: string;
  connections: number;
  load: LoadResult;
  /** Root flow jobs created in the window, by final status (after the server drained). */
  flows: { success: number; failed: number };
  cpu: CpuUse;
}

type Row = { variant: StepVariant; unavailable: string } | { variant: StepVariant; windows: Window[] };

/** Flow jobs of `path` created since `since` (the database's clock), once none is queued or running. */
async function drainedFlows(db: pg.Client, path: string, since: string): Promise<Window['flows']> {
  const limit = Date.now() + 60_000;
  for (;;) {
    const { rows } = await db.query<{ open: string; success: string; failed: string }>(
      `SELECT count(*) FILTER (WHERE status IN ('queued', 'running')) AS open,
              count(*) FILTER (WHERE status = 'success') AS success,
              count(*) FILTER (WHERE status IN ('failure', 'canceled')) AS failed
         FROM job WHERE kind = 'flow' AND parent_job IS NULL AND script_path = $1 AND created_at >= $2`,
      [path, since],
    );
    const row = rows[0]!;
    if (Number(row.open) === 0) return { success: Number(row.success), failed: Number(row.failed) };
    if (Date.now() > limit) throw new Error(`${row.open} flows of ${path} still open a minute after the load`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The database's clock, to count the rows created from now on. */
async function dbNow(db: pg.Client): Promise<string> {
  return (await db.query<{ t: string }>('SELECT clock_timestamp()::text AS t')).rows[0]!.t;
}

/** The first answer, retried while the route is not yet in the server's table. */
async function checkAnswer(stack: Stack, variant: StepVariant): Promise<void> {
  const limit = Date.now() + 10_000;
  for (;;) {
    const res = await fetch(stack.url + routeOf(variant), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(FLOW_INPUT),
    });
    const text = await res.text();
    if (res.status === 200) {
      // Bash answers its last line of output; a string "4" is the same answer.
      const same = [JSON.stringify(variant.expected), JSON.stringify(String(variant.expected))];
      if (!same.includes(text.trim())) {
        throw new Error(`${variant.id}: answered ${text}, expected ${JSON.stringify(variant.expected)}`);
      }
      return;
    }
    if (res.status !== 404 || Date.now() > limit) throw new Error(`${variant.id}: ${res.status} ${text}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function measure(stack: Stack, db: pg.Client, variant: StepVariant, workerPid: number): Promise<Window[]> {
  const url = stack.url + routeOf(variant);
  const body = JSON.stringify(FLOW_INPUT);
  const path = `f/bench/webhook_${variant.id}`;
  await checkAnswer(stack, variant);
  log(`${variant.id}: warm-up, ${WARMUP_SECONDS} s at c=${Math.max(...CONCURRENCIES)}`);
  const warm = { url, body, connections: Math.max(...CONCURRENCIES), seconds: WARMUP_SECONDS, timeoutSeconds: 30 };
  const warmSince = await dbNow(db);
  await runLoad(warm, () => drainedFlows(db, path, warmSince));
  const windows: Window[] = [];
  for (const connections of CONCURRENCIES) {
    log(`${variant.id}: c=${connections} for ${SECONDS} s`);
    const since = await dbNow(db);
    const stop = cpuMeter([workerPid]);
    const { result, held } = await runLoad(
      { url, body, connections, seconds: SECONDS, timeoutSeconds: 30 },
      async () => {
        // Flows still in flight when the load stopped finish inside the measured CPU, and count.
        const flows = await drainedFlows(db, path, since);
        return { flows, cpu: stop() };
      },
    );
    windows.push({ variant: variant.id, connections, load: result, ...held });
  }
  return windows;
}

const fixed = (v: number, digits = 1): string => (Number.isFinite(v) ? v.toFixed(digits) : '–');

function perFlow(cpu: CpuUse, flows: number, groups: string[]): number {
  return groups.reduce((s, g) => s + (cpu.byGroup[g] ?? 0), 0) / Math.max(1, flows);
}

function format(rows: Row[], workerConcurrency: number): string {
  const out: string[] = [
    `Webhook flow (POST ${routeOf({ id: '<variant>' } as StepVariant)} {"x": 1} → +1 → ×2 → answer), ` +
      `${SECONDS} s per window, ${availableParallelism()} cores, Linux ${release()}, Node ${process.version}`,
    `trigger: an HTTP route (sync, authentication none), as an n8n Webhook node answering with the last node; ` +
      `every run persisted; worker network ${NETWORK}, concurrency ${workerConcurrency}; load driver autocannon ` +
      `in its own process, closed loop; load average at the end ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    '',
  ];
  const body: string[][] = [];
  for (const row of rows) {
    if ('unavailable' in row) {
      body.push([row.variant.label, ...Array<string>(10).fill('–'), 'not available in this build']);
      continue;
    }
    for (const w of row.windows) {
      const flows = w.flows.success + w.flows.failed;
      const n8n = N8N[w.connections];
      body.push([
        row.variant.label,
        String(w.connections),
        fixed(w.load.requestsPerSecond),
        fixed(w.load.p50, 0),
        fixed(w.load.p99, 0),
        String(w.load.errors + w.load.non2xx + w.flows.failed),
        String(flows),
        fixed(perFlow(w.cpu, flows, ['bench', 'worker', 'launcher'])),
        fixed(perFlow(w.cpu, flows, ['postgres', 'nats-server'])),
        String(w.cpu.machineBusyPercent),
        n8n ? `${fixed(w.load.requestsPerSecond / n8n.rps, 2)}×` : '–',
        '',
      ]);
    }
  }
  out.push(
    table(
      [
        'variant',
        'c',
        'req/s',
        'p50 ms',
        'p99 ms',
        'errors',
        'flows',
        'CPU ms/flow server+worker',
        'pg+nats',
        'busy %',
        'vs n8n req/s',
        '',
      ],
      body,
    ),
  );
  for (const row of rows) {
    if ('unavailable' in row) out.push(`${row.variant.label}: deploying it answered ${row.unavailable}`);
  }
  out.push(
    '',
    'errors = connection errors and timeouts + non-2xx answers + flows that failed; flows = flow jobs created in the',
    'window, counted once every one of them was final; CPU from /proc over the window until then: server (this',
    'process, without the load driver), worker with its launchers and sandboxes; pg+nats apart; busy % = all cores.',
    `n8n (issue 16's measurement on another 2-core machine, not measured here): ${Object.entries(N8N)
      .map(([c, f]) => `c=${c} ${f.rps} req/s, p50 ${f.p50} ms`)
      .join('; ')}.`,
  );
  return out.join('\n');
}

async function main(): Promise<void> {
  log('starting a server (fresh database, own NATS prefix)');
  const stack = await startStack();
  const db = new pg.Client({ connectionString: stack.databaseUrl });
  const rows: Row[] = [];
  let workerConcurrency = 0;
  try {
    await db.connect();
    // One worker at a time (they would share the sandbox's uids): started with WORKER_DEDICATED=1
    // for the dedicated variants, without for the others.
    let running: { dedicated: boolean; worker: RunningWorker; pid: number } | undefined;
    try {
      for (const variant of VARIANTS) {
        if (ONLY && !ONLY.includes(variant.id)) continue;
        const dedicated = variant.dedicated === true;
        if (running?.dedicated !== dedicated) {
          await running?.worker.stop(5000);
          running = undefined;
          log(`starting a worker${dedicated ? ' with WORKER_DEDICATED=1' : ''}`);
          const started = await stack.startWorker(NETWORK, undefined, dedicated ? { WORKER_DEDICATED: '1' } : {});
          running = { dedicated, worker: started.worker, pid: started.pid };
          workerConcurrency = started.concurrency;
        }
        const unavailable = await deployVariant(stack, variant);
        if (unavailable !== undefined) {
          log(`${variant.id}: not available in this build (${unavailable})`);
          rows.push({ variant, unavailable });
          continue;
        }
        rows.push({ variant, windows: await measure(stack, db, variant, running.pid) });
      }
    } finally {
      await running?.worker.stop(5000);
    }
  } finally {
    await db.end().catch(() => undefined);
    await stack.close();
  }
  console.log(format(rows, workerConcurrency));
  const dir = fileURLToPath(new URL('../results/', import.meta.url));
  await mkdir(dir, { recursive: true });
  const figures = { at: new Date().toISOString(), seconds: SECONDS, network: NETWORK, loadavg: loadavg(), rows };
  await writeFile(`${dir}webhook.json`, JSON.stringify(figures, null, 2) + '\n');
  console.log(`\nfigures written to ${dir}webhook.json`);
}

main().catch((err: unknown) => {
  console.error('bench failed:', err);
  process.exitCode = 1;
});
