import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A closed-loop load: `connections` clients, each sending its next request when the last one answered. */
export interface LoadOptions {
  url: string;
  /** The JSON body of every request (POST). */
  body: string;
  connections: number;
  seconds: number;
  /** A request not answered within this is counted as a timeout (autocannon's `timeout`). */
  timeoutSeconds: number;
}

/** What autocannon measured (latencies in ms, from its histogram). */
export interface LoadResult {
  seconds: number;
  /** autocannon's "Req/Sec" average: the mean of its per-second samples. */
  requestsPerSecond: number;
  ok: number;
  non2xx: number;
  /** Connection errors, timeouts included. */
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  p50: number;
  p99: number;
  mean: number;
}

const ENTRY = fileURLToPath(new URL('./load-entry.js', import.meta.url));

/**
 * Runs autocannon in a child process (load-entry.ts). `whileHeld` runs after the load ended and
 * before the child may exit, so whatever it measures (CPU counters) excludes the driver's CPU.
 */
export async function runLoad<T>(
  options: LoadOptions,
  whileHeld: (result: LoadResult) => Promise<T>,
): Promise<{ result: LoadResult; held: T }> {
  const child = spawn(process.execPath, [ENTRY, JSON.stringify(options)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const result = await new Promise<LoadResult>((resolve, reject) => {
      let out = '';
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (text: string) => {
        out += text;
        const end = out.indexOf('\n');
        if (end >= 0) resolve(JSON.parse(out.slice(0, end)) as LoadResult);
      });
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`the load driver exited with ${code} before its result:\n${out}`)));
    });
    const held = await whileHeld(result);
    return { result, held };
  } finally {
    child.stdin.end();
    if (child.exitCode === null) {
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
  }
}
