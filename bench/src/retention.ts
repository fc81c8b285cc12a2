import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { startStack, type Stack } from './stack.js';
import { pool, round } from './stats.js';

/**
 * Issue 15's soak: 100,000 jobs through the platform with a short retention, printing how big
 * PostgreSQL is every BENCH_RETENTION_EVERY jobs and at the end. Most jobs are runs of a flow
 * whose one step is `identity`: a real flow job (inserted, orchestrated, finished, announced) that
 * needs no sandbox, so 100k of them fit in minutes on 2 cores. Every BENCH_RETENTION_SCRIPT_EVERY-th
 * job is a Bash script run by a worker in its sandbox, which writes logs and a result. It only prints.
 */

const JOBS = Number(process.env.BENCH_RETENTION_JOBS ?? 100_000);
const EVERY = Number(process.env.BENCH_RETENTION_EVERY ?? 10_000);
const SCRIPT_EVERY = Number(process.env.BENCH_RETENTION_SCRIPT_EVERY ?? 20);
const RETENTION_S = Number(process.env.BENCH_RETENTION_S ?? 60);
const INTERVAL_MS = Number(process.env.BENCH_RETENTION_INTERVAL_MS ?? 5000);
const HTTP = Number(process.env.BENCH_RETENTION_HTTP ?? 16);

const log = (text: string): void => void process.stderr.write(`bench: ${text}\n`);
const mb = (bytes: string | number): number => round(Number(bytes) / 2 ** 20, 1);

interface Sizes {
  rows: number;
  logRows: number;
  unfinished: number;
  database: number;
  job: number;
  jobLog: number;
  audit: number;
}

async function sizes(db: pg.Client): Promise<Sizes> {
  const { rows } = await db.query(`
    SELECT (SELECT count(*) FROM job)::int AS rows,
           (SELECT count(*) FROM job_log)::int AS log_rows,
           (SELECT count(*) FROM job WHERE status IN ('queued', 'running'))::int AS unfinished,
           pg_database_size(current_database()) AS database,
           pg_total_relation_size('job') AS job,
           pg_total_relation_size('job_log') AS job_log,
           pg_total_relation_size('audit_log') AS audit`);
  const r = rows[0] as Record<string, string | number>;
  return {
    rows: Number(r.rows),
    logRows: Number(r.log_rows),
    unfinished: Number(r.unfinished),
    database: mb(r.database!),
    job: mb(r.job!),
    jobLog: mb(r.job_log!),
    audit: mb(r.audit!),
  };
}

async function deployAll(stack: Stack): Promise<void> {
  const created = await stack.api('/api/w/main/flows/create', {
    path: 'f/bench/identity',
    summary: 'one identity step',
    value: { modules: [{ id: 'a', value: { type: 'identity' } }] },
  });
  if (created.status !== 201) throw new Error(`flow create: ${created.status} ${await created.text()}`);
  await stack.deploy('f/bench/echo', 'bash', 'n="$1"\necho "soak job $n"\necho "a second line of log"\necho "$n"');
}

async function main(): Promise<void> {
  const days = RETENTION_S / 86_400;
  const stack = await startStack({
    RUNNEL_RETENTION_DAYS: String(days),
    RUNNEL_RETENTION_INTERVAL_MS: String(INTERVAL_MS),
    // Every run writes an audit entry (who ran what); with the audit's own retention of a year the
    // audit log alone would grow through the soak, so it gets the same short retention.
    RUNNEL_AUDIT_RETENTION_DAYS: String(days),
  });
  const db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  try {
    const { worker } = await stack.startWorker('none');
    await deployAll(stack);
    console.log(
      `\n${JOBS} jobs (1 in ${SCRIPT_EVERY} a Bash script in a sandbox, the others an identity flow), ` +
        `retention ${RETENTION_S} s (RUNNEL_RETENTION_DAYS and RUNNEL_AUDIT_RETENTION_DAYS=${round(days, 6)}), sweep every ${INTERVAL_MS} ms, ` +
        `${availableParallelism()} cores`,
    );
    console.log(
      '| jobs submitted | elapsed s | job rows | unfinished | job_log rows | job MB | job_log MB | audit_log MB | database MB |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|');
    const row = (label: string | number, elapsed: number, s: Sizes): void =>
      console.log(
        `| ${label} | ${round(elapsed, 0)} | ${s.rows} | ${s.unfinished} | ${s.logRows} | ${s.job} | ${s.jobLog} | ${s.audit} | ${s.database} |`,
      );
    const started = performance.now();
    const elapsed = (): number => (performance.now() - started) / 1000;
    row(0, 0, await sizes(db));

    let submitted = 0;
    while (submitted < JOBS) {
      const chunk = Math.min(EVERY, JOBS - submitted);
      const base = submitted;
      await pool(chunk, HTTP, async (i) => {
        const n = base + i;
        const script = SCRIPT_EVERY > 0 && n % SCRIPT_EVERY === 0;
        const res = script
          ? await stack.post('/api/w/main/jobs/run/p/f/bench/echo', { n: String(n) })
          : await stack.post('/api/w/main/jobs/run/f/f/bench/identity', { n });
        if (res.status !== 201) throw new Error(`job ${n}: ${res.status} ${res.body}`);
      });
      submitted += chunk;
      row(submitted, elapsed(), await sizes(db));
    }
    log('all submitted; waiting for the last jobs to finish');
    for (;;) {
      const s = await sizes(db);
      if (s.unfinished === 0) break;
      await sleep(500);
    }
    const finishedAt = elapsed();
    row('all finished', finishedAt, await sizes(db));
    log(`waiting ${RETENTION_S} s of retention and a sweep`);
    await sleep(RETENTION_S * 1000 + 2 * INTERVAL_MS);
    row(`idle ${round(elapsed() - finishedAt, 0)} s`, elapsed(), await sizes(db));
    console.log(`\n${JOBS} jobs in ${round(finishedAt, 0)} s: ${round(JOBS / finishedAt, 0)} jobs/s.`);
    await worker.stop(5000);
  } finally {
    await db.end();
    await stack.close();
  }
}

await main();
