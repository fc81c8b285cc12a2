import { constants } from 'node:os';
import { join } from 'node:path';
import type { PreparedJob } from '@runnel/runtimes';
import { readJobFile } from './job-folder.js';
import { diskFull } from './slot-disks.js';
import type { LastStdoutLine } from './log-capture.js';
import type { JobError, SandboxLimits, SandboxOutcome } from './sandbox.js';

/** How the sandbox ended, as observed from outside. */
export interface Ending {
  /** bwrap's exit code, which is the job's, or 128+n when it died of signal n. */
  exitCode: number | null;
  timedOut: boolean;
  canceled: boolean;
  oomKilled: boolean;
  durationMs: number;
  logsTruncated: boolean;
  stderrTail: string;
}

export interface OutcomeContext {
  jobDir: string;
  resultMode: PreparedJob['resultMode'];
  limits: SandboxLimits;
  timeoutMs: number;
  lastLine: LastStdoutLine;
  /** Whether the job folder is on a disk of its own, of `limits.diskMb` (see slot-disks.ts). */
  diskQuota: boolean;
}

/** Failures the sandbox itself decided, which a full disk does not explain. */
const SANDBOX_VERDICTS = new Set(['Timeout', 'MemoryLimitExceeded', 'CpuTimeLimitExceeded', 'FileSizeLimitExceeded']);

const signalNames = new Map(Object.entries(constants.signals).map(([name, number]) => [number, name]));

function failure(ending: Ending, error: JobError): SandboxOutcome {
  return {
    status: 'failure',
    error,
    exitCode: ending.exitCode,
    durationMs: ending.durationMs,
    logsTruncated: ending.logsTruncated,
  };
}

function success(ending: Ending, result: unknown): SandboxOutcome {
  return {
    status: 'success',
    result,
    exitCode: ending.exitCode,
    durationMs: ending.durationMs,
    logsTruncated: ending.logsTruncated,
  };
}

function mib(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;
}

function tooLarge(ending: Ending, bytes: number, limit: number): SandboxOutcome {
  return failure(ending, {
    name: 'ResultTooLarge',
    message: `the result is ${bytes} bytes (${mib(bytes)}), over the limit of ${limit} bytes (${mib(limit)})`,
  });
}

function exitCodeError(ending: Ending): JobError {
  const code = ending.exitCode;
  const signal = code !== null && code > 128 ? signalNames.get(code - 128) : undefined;
  const what = signal ? `was killed by ${signal} (exit code ${code})` : `exited with code ${code}`;
  const tail = ending.stderrTail ? `; last lines of stderr:\n${ending.stderrTail}` : '';
  return { name: 'ExitCode', message: `the script ${what}${tail}` };
}

/** A JSON value if the text is one, else the text itself (trimmed), as a Bash result. */
function looseJson(text: string): unknown {
  const trimmed = text.trim();
  try {
    return JSON.parse(trimmed);
  } catch {
    return trimmed;
  }
}

function asJobError(value: unknown): JobError {
  const error = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const text = (v: unknown, fallback: string): string =>
    typeof v === 'string' ? v : v === undefined ? fallback : JSON.stringify(v);
  return {
    name: text(error.name, 'Error'),
    message: text(error.message, ''),
    ...(typeof error.stack === 'string' ? { stack: error.stack } : {}),
  };
}

/**
 * Turns how the sandbox ended and what the job left in its folder into the job's outcome. A job
 * that failed with its disk full failed for that, whatever it said (its wrapper may not even
 * have had room to write its error): DiskQuotaExceeded, with the job's own error after it.
 */
export async function decideOutcome(ending: Ending, ctx: OutcomeContext): Promise<SandboxOutcome> {
  const outcome = await scriptOutcome(ending, ctx);
  const error = outcome.error;
  if (outcome.status !== 'failure' || !error || SANDBOX_VERDICTS.has(error.name)) return outcome;
  const said = `${error.message}\n${error.stack ?? ''}\n${ending.stderrTail}`;
  if (!ctx.diskQuota || !diskFull(ctx.jobDir, /ENOSPC|no space left on device/i.test(said))) return outcome;
  const own = error.message ? ` (${error.name}: ${error.message})` : ` (${error.name})`;
  return failure(ending, {
    name: 'DiskQuotaExceeded',
    message: `the job filled its disk quota of ${ctx.limits.diskMb} MiB (what it writes in /job, its working directory)${own}`,
  });
}

/**
 * The outcome from the job's own point of view. Limits the sandbox enforced come first: a job
 * killed for them may have left a result behind.
 */
async function scriptOutcome(ending: Ending, ctx: OutcomeContext): Promise<SandboxOutcome> {
  const { limits } = ctx;
  if (ending.canceled) {
    return {
      status: 'canceled',
      error: { name: 'Canceled', message: 'the job was canceled' },
      exitCode: ending.exitCode,
      durationMs: ending.durationMs,
      logsTruncated: ending.logsTruncated,
    };
  }
  if (ending.timedOut) {
    return failure(ending, {
      name: 'Timeout',
      message: `the job ran longer than its timeout of ${ctx.timeoutMs} ms and was killed`,
    });
  }
  // Only as the cause of a failure: a job may survive one of its processes being OOM-killed.
  if (ending.oomKilled && ending.exitCode !== 0) {
    return failure(ending, {
      name: 'MemoryLimitExceeded',
      message: `the job ran out of memory: it used more than its memory limit of ${limits.memoryMb} MiB and was killed`,
    });
  }
  if (ending.exitCode === 128 + constants.signals.SIGXCPU) {
    return failure(ending, {
      name: 'CpuTimeLimitExceeded',
      message: `a process of the job used more than its CPU time limit of ${limits.cpuSeconds} s and was killed`,
    });
  }
  if (ending.exitCode === 128 + constants.signals.SIGXFSZ) {
    return failure(ending, {
      name: 'FileSizeLimitExceeded',
      message: `the job wrote a file larger than its limit of ${limits.fileSizeMb} MiB and was killed`,
    });
  }

  let file;
  try {
    file = await readJobFile(join(ctx.jobDir, 'result.json'), limits.resultBytes);
  } catch (err) {
    return failure(ending, {
      name: 'InvalidResult',
      message: `result.json could not be read: ${(err as Error).message}`,
    });
  }
  if (file.kind === 'too-large') return tooLarge(ending, file.bytes, limits.resultBytes);

  if (ctx.resultMode === 'bash') {
    if (ending.exitCode !== 0) return failure(ending, exitCodeError(ending));
    if (file.kind === 'text') return success(ending, looseJson(file.text));
    if (ctx.lastLine.tooLarge)
      return failure(ending, {
        name: 'ResultTooLarge',
        message: `the last line of output is over the result limit of ${limits.resultBytes} bytes (${mib(limits.resultBytes)})`,
      });
    return success(ending, ctx.lastLine.value === undefined ? null : looseJson(ctx.lastLine.value));
  }

  if (file.kind === 'missing') {
    if (ending.exitCode !== 0) return failure(ending, exitCodeError(ending));
    return failure(ending, {
      name: 'NoResult',
      message: 'the job exited without writing a result (did the script end the process itself?)',
    });
  }
  let written: unknown;
  try {
    written = JSON.parse(file.text);
  } catch (err) {
    return failure(ending, { name: 'InvalidResult', message: `result.json is not JSON: ${(err as Error).message}` });
  }
  const envelope = (typeof written === 'object' && written !== null ? written : {}) as Record<string, unknown>;
  if (envelope.ok === true) return success(ending, envelope.result === undefined ? null : envelope.result);
  if (envelope.ok === false) return failure(ending, asJobError(envelope.error));
  return failure(ending, { name: 'InvalidResult', message: 'result.json has neither "ok": true nor "ok": false' });
}
