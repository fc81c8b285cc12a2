import { performance } from 'node:perf_hooks';
import type { NetworkPolicy, ProcessSandbox } from '@runnel/worker';
import { bareArgs, prepareBareJob, removeBareJob, runBare, type BareJob, type BenchLanguage } from './bare.js';
import type { Stack } from './stack.js';
import { round, summarize, type Summary } from './stats.js';

export interface LatencyCase {
  language: BenchLanguage;
  path: string;
  content: string;
}

export const CASES: readonly LatencyCase[] = [
  { language: 'bash', path: 'f/bench/bash', content: 'echo ok\n' },
  { language: 'python3', path: 'f/bench/python3', content: 'def main():\n    return 1\n' },
  { language: 'bun', path: 'f/bench/bun', content: 'export function main() { return 1 }\n' },
];

/** Where the time of one full run goes, from the client's clock and the job row's timestamps. */
export interface Breakdown {
  /** Client sends the request → job row inserted (created_at): HTTP, auth, script lookup, validation. */
  requestToInsert: Summary;
  /** created_at → started_at: publish, JetStream delivery, worker pull, cancel-bucket check. */
  queueToStart: Summary;
  /** The sandbox as the worker timed it (duration_ms). */
  sandbox: Summary;
  /** completed_at − started_at − duration_ms: `started` publish, job folder / cgroup clean-up. */
  workerAround: Summary;
  /** completed_at → response received: result event, server consumer, UPDATE, done, waiter, HTTP. */
  resultToResponse: Summary;
}

export interface LanguageLatency {
  /** run_wait_result, as the client sees it. */
  full: Summary;
  /** ProcessSandbox.run called directly, same job. */
  sandbox: Summary;
  /** The part of `sandbox` after the job's end that its durationMs leaves out: folder and cgroup removal. */
  sandboxCleanUp: Summary;
  /** The runtime's prepared job (wrapper, args.json) in the same minimal bwrap as `bare`. */
  bareJob: Summary;
  /** Bare bwrap start of the interpreter. */
  bare: Summary;
  /**
   * p50 differences: total = full − bare = wrapper (bareJob − bare) + sandbox set-up
   * (sandbox − bareJob) + orchestration (full − sandbox).
   */
  overheadP50: { total: number; wrapper: number; sandboxSetUp: number; orchestration: number };
  breakdown: Breakdown;
}

interface FullSample {
  ms: number;
  id: string;
  sentAt: number;
  receivedAt: number;
}

const wallClock = (): number => performance.timeOrigin + performance.now();

async function runFull(stack: Stack, test: LatencyCase): Promise<FullSample> {
  const sentAt = wallClock();
  const started = performance.now();
  const res = await stack.api(`/api/w/main/jobs/run_wait_result/p/${test.path}`, {});
  const body = await res.text();
  const ms = performance.now() - started;
  const receivedAt = wallClock();
  if (res.status !== 200) throw new Error(`${test.language} run_wait_result: ${res.status} ${body}`);
  const id = res.headers.get('x-runnel-job-id');
  if (!id) throw new Error(`${test.language} run_wait_result answered without x-runnel-job-id`);
  return { ms, id, sentAt, receivedAt };
}

/** Wall time of ProcessSandbox.run, and the part after its own durationMs (folder and cgroup removal). */
async function runSandbox(
  sandbox: ProcessSandbox,
  test: LatencyCase,
  network: NetworkPolicy,
): Promise<{ ms: number; cleanUpMs: number }> {
  const started = performance.now();
  const outcome = await sandbox.run({
    jobId: `bench-${test.language}`,
    language: test.language,
    content: test.content,
    args: {},
    argOrder: [],
    timeoutMs: 60_000,
    network,
    onLog: () => {},
  });
  const ms = performance.now() - started;
  if (outcome.status !== 'success') {
    throw new Error(`${test.language} in ProcessSandbox: ${outcome.status} ${JSON.stringify(outcome.error)}`);
  }
  return { ms, cleanUpMs: ms - outcome.durationMs };
}

export interface LatencyOptions {
  runs: number;
  warmup: number;
  network: NetworkPolicy;
  /** Called once per finished pass over the languages, for progress. */
  onRound?: (pass: number) => void;
}

/**
 * Interleaves, run after run and language after language, the full stack, ProcessSandbox.run
 * alone, the prepared job in bare bwrap and the bare interpreter start, rotating their order so
 * none always goes first.
 */
export async function measureLatency(
  stack: Stack,
  sandbox: ProcessSandbox,
  options: LatencyOptions,
): Promise<Record<BenchLanguage, LanguageLatency>> {
  const full = new Map<BenchLanguage, FullSample[]>(CASES.map((c) => [c.language, []]));
  const alone = new Map<BenchLanguage, number[]>(CASES.map((c) => [c.language, []]));
  const bare = new Map<BenchLanguage, number[]>(CASES.map((c) => [c.language, []]));
  const bareJob = new Map<BenchLanguage, number[]>(CASES.map((c) => [c.language, []]));
  const cleanUp = new Map<BenchLanguage, number[]>(CASES.map((c) => [c.language, []]));
  const args = new Map(CASES.map((c) => [c.language, bareArgs(c.language)]));
  const jobs = new Map<BenchLanguage, BareJob>();
  const interleave = async (): Promise<void> => {
    for (let pass = 0; pass < options.warmup + options.runs; pass++) {
      const keep = pass >= options.warmup;
      for (const test of CASES) {
        const job = jobs.get(test.language)!;
        const kinds = [
          async () => {
            const sample = await runFull(stack, test);
            if (keep) full.get(test.language)!.push(sample);
          },
          async () => {
            const { ms, cleanUpMs } = await runSandbox(sandbox, test, options.network);
            if (keep) alone.get(test.language)!.push(ms);
            if (keep) cleanUp.get(test.language)!.push(cleanUpMs);
          },
          async () => {
            const ms = await runBare(args.get(test.language)!);
            if (keep) bare.get(test.language)!.push(ms);
          },
          async () => {
            const ms = await runBare(job.args, job.env);
            if (keep) bareJob.get(test.language)!.push(ms);
          },
        ];
        for (let k = 0; k < kinds.length; k++) await kinds[(pass + k) % kinds.length]!();
      }
      options.onRound?.(pass);
    }
  };

  try {
    for (const test of CASES) jobs.set(test.language, await prepareBareJob(test.language, test.content));
    await interleave();
  } finally {
    for (const job of jobs.values()) await removeBareJob(job);
  }

  const out = {} as Record<BenchLanguage, LanguageLatency>;
  for (const test of CASES) {
    const samples = full.get(test.language)!;
    const fullSummary = summarize(samples.map((s) => s.ms));
    const sandboxSummary = summarize(alone.get(test.language)!);
    const bareSummary = summarize(bare.get(test.language)!);
    const bareJobSummary = summarize(bareJob.get(test.language)!);
    out[test.language] = {
      full: fullSummary,
      sandbox: sandboxSummary,
      sandboxCleanUp: summarize(cleanUp.get(test.language)!),
      bareJob: bareJobSummary,
      bare: bareSummary,
      overheadP50: {
        total: round(fullSummary.p50 - bareSummary.p50),
        wrapper: round(bareJobSummary.p50 - bareSummary.p50),
        sandboxSetUp: round(sandboxSummary.p50 - bareJobSummary.p50),
        orchestration: round(fullSummary.p50 - sandboxSummary.p50),
      },
      breakdown: await breakdown(stack, samples),
    };
  }
  return out;
}

/** Reads each measured job's row after the fact, so the reads never sit inside a timed run. */
async function breakdown(stack: Stack, samples: readonly FullSample[]): Promise<Breakdown> {
  const parts = {
    requestToInsert: [],
    queueToStart: [],
    sandbox: [],
    workerAround: [],
    resultToResponse: [],
  } as Record<keyof Breakdown, number[]>;
  for (const sample of samples) {
    const job = await stack.job(sample.id);
    if (!job.started_at || !job.completed_at || job.duration_ms === null) continue;
    const created = Date.parse(job.created_at);
    const started = Date.parse(job.started_at);
    const completed = Date.parse(job.completed_at);
    parts.requestToInsert.push(created - sample.sentAt);
    parts.queueToStart.push(started - created);
    parts.sandbox.push(job.duration_ms);
    parts.workerAround.push(completed - started - job.duration_ms);
    parts.resultToResponse.push(sample.receivedAt - completed);
  }
  return {
    requestToInsert: summarize(parts.requestToInsert),
    queueToStart: summarize(parts.queueToStart),
    sandbox: summarize(parts.sandbox),
    workerAround: summarize(parts.workerAround),
    resultToResponse: summarize(parts.resultToResponse),
  };
}
