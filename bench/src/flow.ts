import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { prepareBareJob, removeBareJob, runBare } from './bare.js';
import { startStack, type JobView } from './stack.js';
import { round, summarize } from './stats.js';

/**
 * Issue 3's figure: Windmill's published flow benchmark shape — a flow of 40 sequential light
 * Python steps (`fibo(10)`) — against 40 bare bubblewrap runs of the same Python script, one
 * after the other, measured in the same run. The difference, per step, is what orchestration
 * costs: HTTP, PostgreSQL, JetStream, the engine, the worker's sandbox set-up. It only prints.
 */

const STEPS = Number(process.env.BENCH_FLOW_STEPS ?? 40);
const RUNS = Number(process.env.BENCH_FLOW_RUNS ?? 5);
const FIBO = `def fibo(n: int) -> int:
    return n if n < 2 else fibo(n - 1) + fibo(n - 2)


def main(n: int = 10):
    return fibo(n)
`;

const log = (text: string): void => void process.stderr.write(`bench: ${text}\n`);

async function bareRun(): Promise<number> {
  const job = await prepareBareJob('python3', FIBO);
  try {
    const started = performance.now();
    for (let i = 0; i < STEPS; i++) await runBare(job.args, job.env);
    return performance.now() - started;
  } finally {
    await removeBareJob(job);
  }
}

interface StepJob extends JobView {
  flow_step_id: string;
}

async function main(): Promise<void> {
  const stack = await startStack();
  try {
    const { worker, concurrency } = await stack.startWorker('none');
    const modules = Array.from({ length: STEPS }, (_, i) => ({
      id: `s${i}`,
      value: {
        type: 'rawscript',
        language: 'python3',
        content: FIBO,
        input_transforms: { n: { type: 'static', value: 10 } },
      },
    }));
    const created = await stack.api('/api/w/main/flows/create', {
      path: 'f/bench/fibo40',
      summary: `${STEPS} sequential fibo(10) steps`,
      value: { modules },
    });
    if (created.status !== 201) throw new Error(`flow create: ${created.status} ${await created.text()}`);

    const runFlow = async (): Promise<{ ms: number; id: string }> => {
      const started = performance.now();
      const res = await stack.api('/api/w/main/jobs/run_wait_result/f/f/bench/fibo40', {});
      const id = res.headers.get('x-runnel-job-id') ?? (await res.clone().text());
      if (res.status === 202) {
        for (;;) {
          const job = await stack.job(id);
          if (job.status !== 'running' && job.status !== 'queued') break;
          await new Promise((r) => setTimeout(r, 10));
        }
      } else if (res.status !== 200) {
        throw new Error(`flow run: ${res.status} ${await res.text()}`);
      }
      await res.body?.cancel();
      return { ms: performance.now() - started, id };
    };

    log('warm-up run');
    await runFlow();
    const flows: number[] = [];
    const bares: number[] = [];
    const gaps: number[] = [];
    const inSandbox: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      log(`run ${r + 1}/${RUNS}`);
      bares.push(await bareRun());
      const { ms, id } = await runFlow();
      flows.push(ms);
      const steps = (await (
        await stack.api(`/api/w/main/jobs/list?parent_job=${id}&per_page=100`)
      ).json()) as StepJob[];
      steps.sort((a, b) => Number(a.flow_step_id.slice(1)) - Number(b.flow_step_id.slice(1)));
      for (const [i, step] of steps.entries()) {
        inSandbox.push(step.duration_ms ?? 0);
        const prev = steps[i - 1];
        if (prev?.completed_at && step.started_at) {
          gaps.push(new Date(step.started_at).getTime() - new Date(prev.completed_at).getTime());
        }
      }
    }
    await worker.stop(5000);

    const flow = summarize(flows);
    const bare = summarize(bares);
    const perStep = flows.map((f, i) => (f - bares[i]!) / STEPS);
    const results = {
      steps: STEPS,
      runs: RUNS,
      cores: availableParallelism(),
      workerConcurrency: concurrency,
      flowMs: flow,
      bareMs: bare,
      overheadPerStepMs: summarize(perStep),
      stepGapMs: summarize(gaps),
      stepInSandboxMs: summarize(inSandbox),
    };
    const out = fileURLToPath(new URL('../results/', import.meta.url));
    await mkdir(out, { recursive: true });
    await writeFile(`${out}flow.json`, JSON.stringify(results, null, 2) + '\n');
    console.log(`\n${STEPS}-step sequential flow of python fibo(10), ${RUNS} runs, ${results.cores} cores`);
    console.log(`| measure | median | p99 | min | max |`);
    console.log(`|---|---|---|---|---|`);
    const row = (name: string, s: ReturnType<typeof summarize>) =>
      console.log(`| ${name} | ${s.p50} | ${s.p99} | ${s.min} | ${s.max} |`);
    row('whole flow, ms (run_wait_result)', flow);
    row(`${STEPS} bare bwrap python3 runs, ms`, bare);
    row('orchestration overhead per step, ms', results.overheadPerStepMs);
    row('gap between steps (completed → next started), ms', results.stepGapMs);
    row('one step in its sandbox, ms (worker-measured)', results.stepInSandboxMs);
    console.log(
      `\nper step: flow ${round(flow.p50 / STEPS)} ms vs bare ${round(bare.p50 / STEPS)} ms; target overhead ≤ 15 ms/step.`,
    );
    console.log(`Windmill publishes 4.38 s for this flow (2.09 s with dedicated workers) on 2 vCPUs.`);
  } finally {
    await stack.close();
  }
}

await main();
