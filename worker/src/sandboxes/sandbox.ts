import type { Language } from '@runnel/runtimes';

/**
 * What a job may reach over the network:
 * - `none`: a private network namespace with only loopback;
 * - `outbound`: a private namespace routed through slirp4netns, which reaches the outside but
 *   never the host's own loopback (so not the host's PostgreSQL or NATS);
 * - `host`: the host's network as is, for trusted scripts only.
 */
export type NetworkPolicy = 'none' | 'outbound' | 'host';

export interface SandboxLimits {
  /** Memory of all the job's processes together, tmpfs included. Default 1024 MiB. */
  memoryMb: number;
  /** Processes and threads alive at once. Default 256. */
  pids: number;
  /** CPU time of each process, in seconds. Default: the job's timeout, rounded up. */
  cpuSeconds: number;
  /** Largest file the job may write. Default 64 MiB. */
  fileSizeMb: number;
  /** Disk space of the job folder (/job): everything the job writes there together. Default 1024 MiB. */
  diskMb: number;
  /** CPU cores the job's processes may use together (cgroup CPU bandwidth), e.g. 0.5 or 2. Default 1. */
  cpus: number;
  /**
   * Log bytes forwarded to onLog; the rest is dropped after one notice. Default 8 MiB: the app
   * shows 5 MB logs whole (docs/adr/0024-live-runs-and-large-logs.md); WORKER_LOG_MAX_BYTES sets it.
   */
  logBytes: number;
  /** Largest result accepted. Default 10 MiB. */
  resultBytes: number;
}

export interface SandboxSpec {
  jobId: string;
  /** The job's worker group; the docker sandbox gives the `gpu` group's containers the host's GPUs. */
  tag?: string;
  language: Language;
  content: string;
  args: Record<string, unknown>;
  argOrder: string[];
  /** Wall time after which the job is killed and fails with `Timeout`. */
  timeoutMs: number;
  network: NetworkPolicy;
  /**
   * Who the job runs for (its workspace). Successive `outbound` jobs of one tenant in a job slot
   * share the slot's network namespace and its slirp4netns; another tenant's job gets a fresh one
   * (docs/adr/0049-cheaper-sandboxed-job.md). Unset: every `outbound` job gets its own.
   */
  tenant?: string;
  limits?: Partial<SandboxLimits>;
  /** Called with complete lines (each ending in '\n'), stdout and stderr interleaved as they come. */
  onLog?: (text: string) => void;
  /** Aborting cancels the job: its whole process tree is killed. */
  signal?: AbortSignal;
  /** The job's installed dependencies, bound read-only at DEPS_IN_SANDBOX; unset: the script has none. */
  deps?: DepsMount;
  /**
   * Called once the job folder exists (on the host at `dir`, owned by `owner`; undefined: the
   * worker's uid) and before the job starts: the job API's socket goes there. A rejection fails
   * the attempt as a sandbox set-up failure. It may answer how to stop serving the folder: a
   * dedicated runtime, whose folder serves one job after another, calls that as the job ends.
   */
  onFolder?: (dir: string, owner: number | undefined) => Promise<void | (() => Promise<void>)>;
  /**
   * Called once the job's process runs: a cold sandbox started, or a warm one handed the job.
   * For the worker's sandbox start histogram (docs/adr/0043-metrics-and-logs.md).
   */
  onStarted?: (start: 'warm' | 'cold' | 'dedicated') => void;
  /**
   * Run in a dedicated runtime of this script version, where the sandbox keeps them (a process
   * sandbox with `dedicated` set, for Bun and Python; docs/adr/0050-dedicated-runtimes.md): jobs
   * of one `version` share a process, one job at a time. Unset: a process of the job's own.
   */
  dedicated?: {
    /** The script version: its workspace and a hash of its content. Never shared across either. */
    version: string;
    /** The script (workspace and path), when it has one: a new version of it ends the older's processes. */
    script?: string;
  };
}

/** A job's installed dependencies (an entry of the worker's DepsCache) as the sandbox binds them. */
export interface DepsMount {
  /** The installed lock's directory on the host. */
  dir: string;
  /**
   * Keeps the entry from eviction while a warm sandbox started with it bound waits for the next
   * job of this lock; answers how to let it go, or undefined when the entry is gone already.
   */
  retain(): (() => void) | undefined;
}

export interface JobError {
  name: string;
  message: string;
  stack?: string;
}

export interface SandboxOutcome {
  status: 'success' | 'failure' | 'canceled';
  result?: unknown;
  error?: JobError;
  /** The sandbox's exit code; 128+n when killed by signal n; null when it never ran. */
  exitCode: number | null;
  durationMs: number;
  logsTruncated: boolean;
}

export interface Sandbox {
  /**
   * Runs one job to its end. A failure of the script is an outcome, never a rejection; the
   * promise rejects (with SandboxSetupError) only when the machine could not run the job at
   * all, which is worth retrying elsewhere.
   */
  run(spec: SandboxSpec): Promise<SandboxOutcome>;
  /** How limits are enforced on this machine, for the worker's start-up line. */
  describe(): Promise<string>;
  /** Limits this machine does not enforce and how to have them, to print once at start; none when all are. */
  warning?(): Promise<string | undefined>;
  /** Waits for pending clean-ups and releases what the sandbox holds (cgroups, its launcher). */
  close(): Promise<void>;
}

export const DEFAULT_LIMITS: SandboxLimits = Object.freeze({
  memoryMb: 1024,
  pids: 256,
  cpuSeconds: 0, // 0 = derived from the timeout, see resolveLimits
  fileSizeMb: 64,
  diskMb: 1024,
  cpus: 1,
  logBytes: 8 * 1024 * 1024,
  resultBytes: 10 * 1024 * 1024,
});

/**
 * The limits in force for one job: its own, then `defaults` (the worker group's), then
 * DEFAULT_LIMITS; CPU time follows the timeout.
 */
export function resolveLimits(
  spec: Pick<SandboxSpec, 'limits' | 'timeoutMs'>,
  defaults: Partial<SandboxLimits> = {},
): SandboxLimits {
  const limits = { ...DEFAULT_LIMITS, ...defaults, ...spec.limits };
  if (!(limits.cpuSeconds > 0)) limits.cpuSeconds = Math.max(1, Math.ceil(spec.timeoutMs / 1000));
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isFinite(value) || value <= 0)
      throw new RangeError(`sandbox limit ${name} must be positive, got ${value}`);
  }
  return limits;
}

/** The machine could not start or watch the sandbox (not the script's fault); retry elsewhere. */
export class SandboxSetupError extends Error {
  override name = 'SandboxSetupError';
}
