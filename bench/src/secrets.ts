import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startStack, type Stack } from './stack.js';
import { round, summarize, type Summary } from './stats.js';

/**
 * Issue 14's figure: what reading a secret costs a job. The sync latency (run_wait_result, through
 * the server, JetStream, a worker and its sandbox) of a job given a 32-character literal, against
 * the same job given `$var:<secret>` (resolved by the worker over the job API before the sandbox
 * starts) and a job that reads the secret itself through the SDK (`wmill.get_variable`, over the
 * job's socket), interleaved in one run (each round starting at another case), in Python and Bun.
 * It only prints.
 */

const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
const SECRET_PATH = 'f/bench/token';

const log = (text: string): void => void process.stderr.write(`bench: ${text}\n`);

interface Case {
  name: string;
  path: string;
  args: Record<string, unknown>;
}

const SCRIPTS: [string, string, string][] = [
  ['f/bench/py_len', 'python3', 'def main(s: str):\n    return len(s)\n'],
  [
    'f/bench/py_sdk',
    'python3',
    `import wmill\n\n\ndef main():\n    return len(wmill.get_variable("${SECRET_PATH}"))\n`,
  ],
  ['f/bench/bun_len', 'bun', 'export function main(s: string) {\n  return s.length;\n}\n'],
  [
    'f/bench/bun_sdk',
    'bun',
    `import * as wmill from 'windmill-client';\n\nexport async function main() {\n  return (await wmill.getVariable('${SECRET_PATH}')).length;\n}\n`,
  ],
];

const LITERAL = 'x'.repeat(32);
const CASES: Case[] = [
  { name: 'python3, literal argument', path: 'f/bench/py_len', args: { s: LITERAL } },
  { name: 'python3, $var: secret argument', path: 'f/bench/py_len', args: { s: `$var:${SECRET_PATH}` } },
  { name: 'python3, SDK get_variable', path: 'f/bench/py_sdk', args: {} },
  { name: 'bun, literal argument', path: 'f/bench/bun_len', args: { s: LITERAL } },
  { name: 'bun, $var: secret argument', path: 'f/bench/bun_len', args: { s: `$var:${SECRET_PATH}` } },
  { name: 'bun, SDK getVariable', path: 'f/bench/bun_sdk', args: {} },
];

/** Milliseconds of one run_wait_result, which must answer 32 (the secret's length). */
async function timeRun(stack: Stack, c: Case): Promise<number> {
  const started = performance.now();
  const res = await stack.post(`/api/w/main/jobs/run_wait_result/p/${c.path}`, c.args);
  const ms = performance.now() - started;
  if (res.status !== 200 || res.body !== '32') throw new Error(`${c.name}: ${res.status} ${res.body}`);
  return ms;
}

async function main(): Promise<void> {
  const stack = await startStack({ RUNNEL_MASTER_KEY: randomBytes(32).toString('base64') });
  try {
    const { worker, concurrency } = await stack.startWorker('none');
    const created = await stack.api('/api/w/main/variables/create', {
      path: SECRET_PATH,
      value: randomBytes(16).toString('hex'),
      is_secret: true,
    });
    if (created.status !== 201) throw new Error(`variable: ${created.status} ${await created.text()}`);
    for (const [path, language, content] of SCRIPTS) await stack.deploy(path, language, content);

    log(`warm-up: ${WARMUP} runs of each case`);
    for (let i = 0; i < WARMUP; i++) for (const c of CASES) await timeRun(stack, c);
    const samples = new Map<string, number[]>(CASES.map((c) => [c.name, []]));
    for (let r = 0; r < RUNS; r++) {
      if (r % 10 === 0) log(`round ${r + 1}/${RUNS}`);
      // Each round starts at another case: no case always follows the same one (a warm sandbox
      // taken by the case before may not be back yet).
      for (let i = 0; i < CASES.length; i++) {
        const c = CASES[(r + i) % CASES.length]!;
        samples.get(c.name)!.push(await timeRun(stack, c));
      }
    }
    await worker.stop(5000);

    const summaries = new Map<string, Summary>([...samples].map(([name, s]) => [name, summarize(s)]));
    const results = {
      runs: RUNS,
      cores: availableParallelism(),
      workerConcurrency: concurrency,
      cases: Object.fromEntries(summaries),
    };
    const out = fileURLToPath(new URL('../results/', import.meta.url));
    await mkdir(out, { recursive: true });
    await writeFile(`${out}secrets.json`, JSON.stringify(results, null, 2) + '\n');

    console.log(
      `\nSync latency (run_wait_result) of reading a secret, ${RUNS} interleaved runs, ${results.cores} cores`,
    );
    console.log('| case | median ms | p99 ms | median − literal, ms |');
    console.log('|---|---|---|---|');
    for (const language of ['python3', 'bun']) {
      const base = summaries.get(`${language}, literal argument`)!.p50;
      for (const c of CASES.filter((c) => c.name.startsWith(`${language},`))) {
        const s = summaries.get(c.name)!;
        console.log(`| ${c.name} | ${s.p50} | ${s.p99} | ${round(s.p50 - base)} |`);
      }
    }
  } finally {
    await stack.close();
  }
}

await main();
