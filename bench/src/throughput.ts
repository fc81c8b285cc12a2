import { performance } from 'node:perf_hooks';
import { connect } from '@nats-io/transport-node';
import { natsNames } from '@runnel/protocol';
import { cpuMeter, type CpuUse } from './cpu.js';
import { NATS_URL, type JobView, type Stack } from './stack.js';
import { pool, round } from './stats.js';

export interface Throughput {
  jobs: number;
  httpConcurrency: number;
  /** First submit → last job final. */
  seconds: number;
  /** First submit → last submit answered. */
  submitSeconds: number;
  jobsPerSecond: number;
  /** Final statuses as announced on `<prefix>.done.<id>`. */
  statuses: Record<string, number>;
  cpu: CpuUse;
  /** From the job rows, read afterwards. */
  rows: {
    /** Mean duration_ms: the sandbox as the worker timed it, under load. */
    sandboxMsMean: number;
    /** Mean completed_at − started_at: the time a job holds a worker slot after `started`. */
    slotMsMean: number;
    /** Σ(completed_at − started_at) / (worker concurrency × seconds). */
    slotUtilization: number;
  };
}

/**
 * Submits `jobs` runs of `path` with POST jobs/run/p (at most `httpConcurrency` requests in flight)
 * and waits until the server has announced every one of them final on `<prefix>.done.<id>`.
 */
export async function measureThroughput(
  stack: Stack,
  path: string,
  jobs: number,
  httpConcurrency: number,
  workerConcurrency: number,
  workerPid?: number | readonly number[],
): Promise<Throughput> {
  const names = natsNames(stack.prefix);
  const nc = await connect({ servers: NATS_URL, name: 'runnel-bench' });
  try {
    const done = new Map<string, string>();
    const submitted = new Set<string>();
    let submitting = true;
    let finish: () => void = () => {};
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const check = (): void => {
      if (submitting || done.size < submitted.size) return;
      for (const id of submitted) if (!done.has(id)) return;
      finish();
    };
    nc.subscribe(names.doneSubject('*'), {
      callback: (err, msg) => {
        if (err) return;
        done.set(msg.subject.slice(msg.subject.lastIndexOf('.') + 1), msg.string());
        check();
      },
    });
    await nc.flush();

    const stopMeter = cpuMeter(workerPid === undefined ? [] : typeof workerPid === 'number' ? [workerPid] : workerPid);
    const started = performance.now();
    await pool(jobs, httpConcurrency, async () => {
      const res = await stack.post(`/api/w/main/jobs/run/p/${path}`, {});
      if (res.status !== 201) throw new Error(`jobs/run: ${res.status} ${res.body}`);
      submitted.add(res.body.trim());
    });
    const submitSeconds = (performance.now() - started) / 1000;
    submitting = false;
    check();

    const limitMs = 60_000 + jobs * 1000;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), limitMs)));
    const outcome = await Promise.race([finished, late]);
    clearTimeout(timer);
    const seconds = (performance.now() - started) / 1000;
    const cpu = stopMeter();
    if (outcome === 'late') {
      const missing = [...submitted].filter((id) => !done.has(id)).length;
      throw new Error(`${missing} of ${jobs} jobs were not final after ${limitMs} ms`);
    }
    const statuses: Record<string, number> = {};
    for (const id of submitted) {
      const status = done.get(id)!;
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
    const views = await readJobs(stack, submitted);
    let sandboxMs = 0;
    let slotMs = 0;
    for (const job of views) {
      sandboxMs += job.duration_ms ?? 0;
      if (job.started_at && job.completed_at) slotMs += Date.parse(job.completed_at) - Date.parse(job.started_at);
    }
    return {
      jobs,
      httpConcurrency,
      seconds,
      submitSeconds,
      jobsPerSecond: jobs / seconds,
      statuses,
      cpu,
      rows: {
        sandboxMsMean: round(sandboxMs / Math.max(1, views.length)),
        slotMsMean: round(slotMs / Math.max(1, views.length)),
        slotUtilization: round(slotMs / (workerConcurrency * seconds * 1000), 3),
      },
    };
  } finally {
    await nc.close();
  }
}

/** The rows of the given jobs, a page of jobs/list at a time. */
async function readJobs(stack: Stack, ids: ReadonlySet<string>): Promise<JobView[]> {
  const found: JobView[] = [];
  for (let page = 1; ; page++) {
    const res = await stack.api(`/api/w/main/jobs/list?per_page=1000&page=${page}`);
    if (res.status !== 200) throw new Error(`jobs/list: ${res.status} ${await res.text()}`);
    const rows = (await res.json()) as JobView[];
    for (const row of rows) if (ids.has(row.id)) found.push(row);
    if (rows.length < 1000 || found.length >= ids.size) return found;
  }
}
