import autocannon from 'autocannon';
import type { LoadOptions, LoadResult } from './load.js';

/**
 * One autocannon run in a process of its own (started by load.ts), so the load driver neither
 * shares the event loop of the server under test (which runs in the bench process) nor adds its
 * CPU to the server's. Prints its result as one JSON line, then stays alive until its stdin
 * closes: the parent reads the CPU counters first, and a child reaped before that would add its
 * own CPU to the parent's (cutime) inside the measured window.
 */

const options = JSON.parse(process.argv[2] ?? '{}') as LoadOptions;
const result = await autocannon({
  url: options.url,
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: options.body,
  connections: options.connections,
  duration: options.seconds,
  // A sync flow answers in well under a second; a request still open after this is an error.
  timeout: options.timeoutSeconds,
});
const summary: LoadResult = {
  seconds: result.duration,
  requestsPerSecond: result.requests.average,
  ok: result['2xx'],
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  statusCodes: Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats.count ?? 0]),
  ),
  p50: result.latency.p50,
  p99: result.latency.p99,
  mean: result.latency.mean,
};
process.stdout.write(JSON.stringify(summary) + '\n');
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
