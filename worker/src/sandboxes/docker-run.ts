import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { PreparedJob } from '@runnel/runtimes';
import type { Box } from './docker-box.js';
import { readJobFile } from './job-folder.js';
import { LastStdoutLine, LogCapture, StderrTail } from './log-capture.js';
import { decideOutcome } from './outcome.js';
import { SandboxSetupError, type SandboxLimits, type SandboxOutcome, type SandboxSpec } from './sandbox.js';

// One job in its started container, from the go message to the outcome: output captured,
// timeout and cancel (a SIGKILL through the engine), the ending turned into an outcome as the
// process sandbox does (outcome.ts).

/** Where the shell the job's command runs under writes its exit status (see EXIT_REPORTER). */
export const EXIT_FILE = '.runnel-exit';

/** The exit status the job's shell wrote, if it did (it is killed with the container, then not). */
async function reportedExit(jobDir: string): Promise<number | undefined> {
  const file = await readJobFile(join(jobDir, EXIT_FILE), 16).catch(() => undefined);
  const code = file?.kind === 'text' ? Number(file.text.trim()) : Number.NaN;
  return Number.isInteger(code) && code >= 0 && code < 256 ? code : undefined;
}

export interface ContainerJob {
  spec: SandboxSpec;
  box: Box;
  limits: SandboxLimits;
  resultMode: PreparedJob['resultMode'];
  jobDir: string;
  goMessage: string;
  /** Whether /job is on a disk of the job's quota. */
  diskQuota: boolean;
  startedAt: number;
  /** Whether the container was started ahead (warm) or for this job (cold), for the start metric. */
  start: 'warm' | 'cold';
}

export async function runInContainer(job: ContainerJob): Promise<SandboxOutcome> {
  const { spec, box, limits } = job;
  const logs = new LogCapture(limits.logBytes, spec.onLog);
  const lastLine = new LastStdoutLine();
  const tail = new StderrTail();
  const bash = job.resultMode === 'bash';
  const stdout = logs.stream(
    bash ? (text, endsLine) => lastLine.push(text, endsLine) : undefined,
    bash ? limits.resultBytes + 1 : undefined,
  );
  const stderr = logs.stream((text, endsLine) => endsLine && tail.push(text));
  const output = box.capture(stdout, stderr);

  let timedOut = false;
  let canceled = false;
  const onAbort = (): void => {
    canceled = true;
    box.kill();
  };
  if (spec.signal?.aborted) onAbort();
  else spec.signal?.addEventListener('abort', onAbort, { once: true });
  // The timeout counts from the go message, when the job starts.
  const timer = setTimeout(
    () => {
      timedOut = true;
      box.kill();
    },
    Math.min(spec.timeoutMs, 2 ** 31 - 1),
  );
  try {
    if (!canceled) {
      box.go(job.goMessage);
      spec.onStarted?.(job.start);
    }
    await output;
    let code = timedOut || canceled ? undefined : await reportedExit(job.jobDir);
    if (code !== 0) {
      // A failure: the engine's word on it, which an OOM kill is told apart by (after its exit).
      const exit = await box.exited;
      if (exit.code === null)
        throw new SandboxSetupError(`the job's container failed: ${exit.error ?? 'no exit code'}`);
      code ??= exit.code;
    }
    const oomKilled =
      code !== 0 &&
      (await box.container.inspect().then(
        (i) => i.State.OOMKilled,
        () => false,
      ));
    if (logs.sinkError !== undefined) throw logs.sinkError;
    return await decideOutcome(
      {
        exitCode: code,
        timedOut,
        canceled,
        oomKilled,
        durationMs: Math.round(performance.now() - job.startedAt),
        logsTruncated: logs.truncated,
        stderrTail: tail.toString(),
      },
      {
        jobDir: job.jobDir,
        resultMode: job.resultMode,
        limits,
        timeoutMs: spec.timeoutMs,
        lastLine,
        diskQuota: job.diskQuota,
      },
    );
  } catch (err) {
    if (err instanceof SandboxSetupError || err === logs.sinkError) throw err;
    throw new SandboxSetupError(`the sandbox failed: ${(err as Error).message}`, { cause: err });
  } finally {
    clearTimeout(timer);
    spec.signal?.removeEventListener('abort', onAbort);
  }
}
