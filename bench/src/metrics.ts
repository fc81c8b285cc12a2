// `npm run bench:metrics`: what one scrape of the server's /metrics costs
// (pool, JetStream queue depth and PostgreSQL's queued/running jobs read at scrape), on an empty job
// table and on one of BENCH_METRICS_JOBS finished jobs (default 200,000) with 0.1 % queued.
// Prints figures; never passes or fails on time (docs/adr/0043-metrics-and-logs.md).
import pg from 'pg';
import { startStack } from './stack.js';

const JOBS = Number(process.env.BENCH_METRICS_JOBS ?? 200_000);
const stack = await startStack();

async function scrapeMedian(): Promise<{ ms: number; active: string }> {
  const times: number[] = [];
  let text = '';
  for (let i = 0; i < 21; i++) {
    const started = performance.now();
    const res = await fetch(`${stack.url}/metrics`);
    text = await res.text();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const active = text.match(/^runnel_jobs_active\{.*$/gm)?.join(', ') ?? 'no queued or running job';
  return { ms: times[10]!, active };
}

try {
  const empty = await scrapeMedian();
  console.log(`/metrics, empty job table: median ${empty.ms.toFixed(1)} ms (${empty.active})`);
  const db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  await db.query(
    `INSERT INTO job (id, workspace_id, script_path, language, args, tag, timeout_s, status, created_at)
     SELECT gen_random_uuid(), 'main', 'f/bench/metrics', 'bash', '{}', 'default', 60,
            CASE WHEN i % 1000 = 0 THEN 'queued' ELSE 'success' END, now() - make_interval(secs => i)
     FROM generate_series(1, $1::int) i`,
    [JOBS],
  );
  await db.query('ANALYZE job');
  await db.end();
  const full = await scrapeMedian();
  console.log(`/metrics, ${JOBS} jobs: median ${full.ms.toFixed(1)} ms (${full.active})`);
} finally {
  await stack.close();
}
