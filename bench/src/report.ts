import type { BareThroughput, BenchLanguage } from './bare.js';
import type { LanguageLatency } from './latency.js';
import type { Summary } from './stats.js';
import type { Throughput } from './throughput.js';

export const LATENCY_TARGET_MS = 10;
export const THROUGHPUT_TARGET = 0.5;

export interface NetworkResults {
  network: string;
  workerConcurrency: number;
  latency?: Record<BenchLanguage, LanguageLatency>;
  throughput?: {
    full: Throughput;
    /** Bare spawns just before and just after the full run. */
    bare: BareThroughput[];
    bareMeanPerSecond: number;
    ratio: number;
  };
}

export interface BenchResults {
  at: string;
  machine: { cpus: number; node: string; kernel: string };
  settings: { runs: number; warmup: number; jobs: number; httpConcurrency: number; parts: string[] };
  networks: NetworkResults[];
}

/** A plain-text table: the first column left-aligned, the others right-aligned. */
export function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const ms = (v: number): string => v.toFixed(1);
const trio = (s: Summary): string[] => [ms(s.p50), ms(s.p99), ms(s.mean)];
const verdict = (ok: boolean): string => (ok ? 'meets target' : 'MISSES target');

export function formatResults(results: BenchResults): string {
  const out: string[] = [];
  const { machine, settings } = results;
  out.push(
    `Runnel bench, ${results.at}: ${machine.cpus} cores, Node ${machine.node}, Linux ${machine.kernel}`,
    `latency: ${settings.runs} runs per case after ${settings.warmup} warm-up; full, sandbox, bare+job and bare interleaved`,
    `throughput: ${settings.jobs} jobs, ${settings.httpConcurrency} HTTP requests in flight; bare bwrap at the worker's concurrency`,
    'bare = bwrap --unshare-all (no network) of the interpreter alone (bash -c true, python3 -c pass, bun -e 0) as uid nobody',
  );
  for (const net of results.networks) {
    out.push('', `=== WORKER_NETWORK=${net.network} (worker concurrency ${net.workerConcurrency}) ===`);
    if (net.latency) out.push('', ...formatLatency(net.latency));
    if (net.throughput) out.push('', ...formatThroughput(net.throughput));
  }
  const ratios = results.networks.flatMap((n) =>
    n.throughput ? [`${n.network} ${(n.throughput.ratio * 100).toFixed(0)} %`] : [],
  );
  if (ratios.length)
    out.push('', `Async throughput / bare bwrap spawns (target ≥ ${THROUGHPUT_TARGET * 100} %): ${ratios.join(', ')}`);
  return out.join('\n');
}

function formatLatency(latency: Record<BenchLanguage, LanguageLatency>): string[] {
  const out: string[] = ['Sync run_wait_result latency, ms'];
  const langs = Object.entries(latency);
  out.push(
    table(
      [
        'language',
        'full p50',
        'p99',
        'mean',
        'sandbox p50',
        'p99',
        'mean',
        'bare+job p50',
        'p99',
        'mean',
        'bare p50',
        'p99',
        'mean',
      ],
      langs.map(([lang, l]) => [lang, ...trio(l.full), ...trio(l.sandbox), ...trio(l.bareJob), ...trio(l.bare)]),
    ),
    "  full = HTTP run_wait_result; sandbox = ProcessSandbox.run alone; bare+job = the runtime's job folder and",
    '  command (wrapper) in the minimal bwrap; bare = the interpreter doing nothing in the minimal bwrap',
    '',
    `p50 overhead over the bare sandbox, ms (target ≤ ${LATENCY_TARGET_MS} ms)`,
    table(
      ['language', 'full − bare', '= wrapper', '+ sandbox set-up', '+ orchestration', 'verdict'],
      langs.map(([lang, l]) => [
        lang,
        ms(l.overheadP50.total),
        ms(l.overheadP50.wrapper),
        ms(l.overheadP50.sandboxSetUp),
        ms(l.overheadP50.orchestration),
        verdict(l.overheadP50.total <= LATENCY_TARGET_MS),
      ]),
    ),
    '',
    'Where a full run goes, from the job row (p50 of each part, ms; row timestamps have 1 ms resolution)',
    table(
      [
        'language',
        'request→insert',
        'queue→start',
        'sandbox (duration_ms)',
        'worker around sandbox',
        'result→response',
        'alone: clean-up after exit',
      ],
      langs.map(([lang, l]) => [
        lang,
        ms(l.breakdown.requestToInsert.p50),
        ms(l.breakdown.queueToStart.p50),
        ms(l.breakdown.sandbox.p50),
        ms(l.breakdown.workerAround.p50),
        ms(l.breakdown.resultToResponse.p50),
        ms(l.sandboxCleanUp.p50),
      ]),
    ),
  );
  return out;
}

function formatThroughput(t: NonNullable<NetworkResults['throughput']>): string[] {
  const out: string[] = ['Async throughput, bash `echo ok`'];
  out.push(
    table(
      ['', 'count', 'seconds', 'per second', 'bench process CPU ms/each', 'machine busy %'],
      [
        [
          'full stack (jobs/run → done)',
          String(t.full.jobs),
          t.full.seconds.toFixed(2),
          t.full.jobsPerSecond.toFixed(1),
          (t.full.cpu.processMs / t.full.jobs).toFixed(1),
          String(t.full.cpu.machineBusyPercent),
        ],
        ...t.bare.map((b, i) => [
          `bare bwrap bash ×${b.concurrency} (${i === 0 ? 'before' : 'after'})`,
          String(b.spawns),
          b.seconds.toFixed(2),
          b.perSecond.toFixed(1),
          (b.cpu.processMs / b.spawns).toFixed(1),
          String(b.cpu.machineBusyPercent),
        ]),
      ],
    ),
    `job rows: sandbox (duration_ms) mean ${ms(t.full.rows.sandboxMsMean)} ms, slot held (completed − started) mean ` +
      `${ms(t.full.rows.slotMsMean)} ms, slot utilisation ${(t.full.rows.slotUtilization * 100).toFixed(0)} %`,
    `CPU per job by process, ms: ${Object.entries(t.full.cpu.byGroup)
      .map(([group, cpuMs]) => `${group} ${(cpuMs / t.full.jobs).toFixed(1)}`)
      .join(', ')}; per bare spawn (bench with its children): ${t.bare
      .map((b) => ((b.cpu.byGroup.bench ?? 0) / b.spawns).toFixed(1))
      .join(' / ')}`,
    `submitting took ${t.full.submitSeconds.toFixed(2)} s; final statuses ${JSON.stringify(t.full.statuses)}`,
    `RATIO full / bare: ${(t.ratio * 100).toFixed(0)} % = ${t.full.jobsPerSecond.toFixed(1)} jobs/s ÷ ${t.bareMeanPerSecond.toFixed(1)} bare spawns/s (mean of before and after) — target ≥ ${THROUGHPUT_TARGET * 100} %: ${verdict(t.ratio >= THROUGHPUT_TARGET)}`,
  );
  return out;
}
