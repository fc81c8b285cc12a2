import { accessSync, constants } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { goMessage, type PooledSandbox, type PreparedJob, type ResourceLimit } from '@runnel/runtimes';
import { JOB_SOCKET } from '@runnel/protocol';
import { bwrapOptions, checkArgs, DEPS_IN_SANDBOX } from './bwrap-args.js';
import { ARGS_FD } from './bwrap-fds.js';
import type { CgroupManager, JobCgroup } from './cgroup-manager.js';
import { createJobFolder, removeJobFolder } from './job-folder.js';
import type { JobSlot } from './job-slots.js';
import { launchSlirp, type Slirp } from './network.js';
import type { SlotNetwork, SlotNetworks } from './slot-network.js';
import type { SlotDisks } from './slot-disks.js';
import { spawner, type Spawned } from './spawner.js';
import { SandboxSetupError, type SandboxLimits, type SandboxSpec } from './sandbox.js';

// Starting one sandbox, the same way for a cold job and a warm (pre-started) one: the slot's
// job folder and cgroup, bwrap spawned through the launcher, then (once its pid 1 waits to be
// let go) the cgroup joined and slirp attached before it goes on.

const BWRAP = '/usr/bin/bwrap';
const NSENTER = '/usr/bin/nsenter';
/** Built by `npm run build` where there is a C compiler (scripts/build-native.mjs); see enterHelper. */
const ENTER_HELPER = fileURLToPath(new URL('../../native/runnel-enter', import.meta.url));

/**
 * The helper that starts a job's bwrap (worker/native/runnel-enter.c) in root mode: it enters the
 * slot network, sets the job's rlimits and takes the slot's uid, then becomes bwrap. Undefined
 * rootless (it would set nothing bwrap can't) or where it was not built: then nsenter enters the
 * network and the job's own command sets the rlimits (prlimit for Bun and Deno), an exec each.
 */
export function enterHelper(rootless: boolean): string | undefined {
  if (rootless) return undefined;
  try {
    accessSync(ENTER_HELPER, constants.X_OK);
    return ENTER_HELPER;
  } catch {
    return undefined;
  }
}
export const MIB = 1024 * 1024;
/** Runtimes that reserve far more address space than they use, which RLIMIT_AS would break. */
const RESERVES_ADDRESS_SPACE = new Set(['bun', 'deno']);

export const noop = (): void => {};

export interface Environment {
  /**
   * Rootless mode (ADR 0021): every job runs as the worker's own uid, so job folders and bwrap
   * belong to it, rather than to the slot's uid.
   */
  rootless: boolean;
  /** enterHelper's path, if the job's bwrap is started through it. */
  enter: string | undefined;
  etcDir: string;
  /** A prepared /dev for every job (root mode); undefined: bwrap makes each job's. */
  devDir: string | undefined;
  /** Where interpreters the slot uids can't reach are staged; undefined rootless (bwrap runs as their owner). */
  runtimeDir: string | undefined;
  cgroups: CgroupManager | undefined;
  /** Each slot's disk, of the job's disk quota; undefined where the machine can't make one. */
  disks: SlotDisks | undefined;
  /** Each slot's `outbound` network, kept for the slot's next job of the same tenant; undefined rootless. */
  slotNetworks: SlotNetworks | undefined;
  /** The job folder of `jobId` in the slot of `uid`: on the slot's disk when there is one. */
  folderOf(uid: number, jobId: string): string;
  /** How memory and process limits are enforced, for the worker's startup log. */
  enforcement: string;
}

/** The host uid a job slot's files and processes belong to: its own, or (rootless) the worker's. */
export function slotOwner(env: Pick<Environment, 'rootless'>, uid: number): number | undefined {
  return env.rootless ? undefined : uid;
}

/**
 * Bun and Deno reserve this much writable address space before a script runs (measured: Bun 1.4
 * starts with an RLIMIT_DATA of 270 MiB and not 260, Deno with 600 and not 400); their RLIMIT_DATA is the job's
 * memory on top of it, where no cgroup limits memory (rootless only; see ADR 0021).
 */
const RESERVED_DATA_MB: Partial<Record<SandboxSpec['language'], number>> = { bun: 320, deno: 640 };

/**
 * The rlimits of a job's processes. The job's command sets them on itself before any of the
 * job's code runs (see PreparedJob.command), rather than a prlimit exec before bwrap: an exec
 * costs ~1 ms of the loader's start here. Hard limits set inside the sandbox can't be raised
 * again there, which takes CAP_SYS_RESOURCE in the initial user namespace.
 */
export function processLimits(
  limits: SandboxLimits,
  env: Environment,
  language: SandboxSpec['language'],
): ResourceLimit[] {
  const both = (resource: ResourceLimit['resource'], value: number): ResourceLimit => ({
    resource,
    soft: value,
    hard: value,
  });
  const set: ResourceLimit[] = [
    // The soft limit sends SIGXCPU (reported as CpuTimeLimitExceeded); the hard one SIGKILL.
    { resource: 'CPU', soft: limits.cpuSeconds, hard: limits.cpuSeconds + 1 },
    both('FSIZE', limits.fileSizeMb * MIB),
    both('CORE', 0),
  ];
  // A job whose cgroup can't be set up never starts, so the manager's presence says it all.
  if (!env.cgroups && !RESERVES_ADDRESS_SPACE.has(language)) set.push(both('AS', limits.memoryMb * MIB));
  // Not RLIMIT_AS, which their reservations exceed: the writable part only, per process.
  const reserved = RESERVED_DATA_MB[language];
  if (!env.cgroups && env.rootless && reserved !== undefined)
    set.push(both('DATA', (limits.memoryMb + reserved) * MIB));
  // Per uid, and every job slot has its own uid; rootless, per uid of each job's own user
  // namespace (since Linux 5.14 processes count per user namespace and uid), so per job as well.
  if (!env.cgroups?.limitsPids) set.push(both('NPROC', limits.pids));
  return set;
}

/**
 * The job's rlimits (processLimits), split by who sets them: the enter helper before bwrap, when
 * there is one, or else the job's own command.
 */
export function rlimitsOf(
  limits: SandboxLimits,
  env: Environment,
  language: SandboxSpec['language'],
): { command: ResourceLimit[]; enter: ResourceLimit[] } {
  const all = processLimits(limits, env, language);
  return env.enter ? { command: [], enter: all } : { command: all, enter: [] };
}

/** The part of a job's environment that is its own (a warm sandbox gets it with the go message). */
export function jobEnvironment(spec: SandboxSpec): Record<string, string> {
  return { RUNNEL_JOB_ID: spec.jobId, RUNNEL_SOCKET: JOB_SOCKET };
}

/**
 * What a warm sandbox reads to run `spec`: its own environment, and for a job with dependencies
 * (whose sandbox was started with them bound) their place, as the runtime takes it — in the
 * message for Python, and whatever the job's prepared environment adds to the pooled one for
 * Bun and Deno (RUNNEL_DEPS).
 */
export function warmGoMessage(spec: SandboxSpec, prepared: PreparedJob, pooled: PooledSandbox): string {
  const env = jobEnvironment(spec);
  if (spec.deps) {
    for (const [name, value] of Object.entries(prepared.env)) if (pooled.env[name] !== value) env[name] = value;
  }
  const input = { content: spec.content, args: spec.args, argOrder: spec.argOrder };
  return goMessage(spec.language, spec.deps ? { ...input, deps: DEPS_IN_SANDBOX } : input, env);
}

/** The sandbox's whole environment: nothing of the worker's (the docker sandbox's too). */
export function sandboxEnvironment(
  runtimeEnv: Record<string, string>,
  jobEnv: Record<string, string> = {},
): Record<string, string> {
  return {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    HOME: '/tmp',
    TMPDIR: '/tmp',
    LANG: 'C.UTF-8',
    USER: 'runnel',
    LOGNAME: 'runnel',
    ...jobEnv,
    ...runtimeEnv,
  };
}

/** What goes to `bwrap --args`; throws InvalidJobInput when the job's own input can't be passed on. */
export function bwrapArgBlock(
  jobDir: string,
  env: Environment,
  network: SandboxSpec['network'],
  prepared: PreparedJob | PooledSandbox,
  limits: SandboxLimits,
  jobEnv?: Record<string, string>,
  deps?: string,
  slotNetwork?: SlotNetwork,
): string[] {
  return checkArgs(
    bwrapOptions({
      jobDir,
      etcDir: env.etcDir,
      devDir: env.devDir,
      runtimeDir: env.runtimeDir,
      network,
      slotNetwork: slotNetwork !== undefined,
      prepared,
      deps,
      env: sandboxEnvironment(prepared.env, jobEnv),
      tmpfsBytes: limits.memoryMb * MIB,
    }),
  );
}

/**
 * Makes the job folder (with `files`) and enters the slot's cgroup (with the job's limits) side
 * by side. Never rejects: `failure` is the first that failed, and `cgroup` is whatever was
 * entered all the same, so that the clean-up can empty it.
 */
export async function setUpSlot(
  env: Environment,
  jobDir: string,
  uid: number,
  files: Record<string, string>,
  limits: SandboxLimits,
): Promise<{ cgroup: JobCgroup | undefined; failure?: Error }> {
  env.cgroups?.warmUp();
  const [folder, group] = await Promise.allSettled([
    (async () => {
      await env.disks?.prepare(uid, limits.diskMb);
      await createJobFolder(jobDir, slotOwner(env, uid), files);
    })(),
    env.cgroups?.enter(uid, { memoryBytes: limits.memoryMb * MIB, pids: limits.pids, cpus: limits.cpus }),
  ]);
  const cgroup = group.status === 'fulfilled' ? group.value : undefined;
  const failed = [folder, group].find((r) => r.status === 'rejected');
  return { cgroup, failure: failed && ((failed as PromiseRejectedResult).reason as Error) };
}

/**
 * The slot network for a job of `spec` in slot `uid`: only for `outbound` jobs that name their
 * tenant, where slot networks are kept (root mode). Rejects with SandboxSetupError.
 */
export async function slotNetworkFor(
  env: Environment,
  spec: Pick<SandboxSpec, 'network' | 'tenant'>,
  uid: number,
): Promise<SlotNetwork | undefined> {
  if (spec.network !== 'outbound' || spec.tenant === undefined || !env.slotNetworks) return undefined;
  try {
    return await env.slotNetworks.acquire(uid, spec.tenant);
  } catch (err) {
    const cause = err as Error;
    throw new SandboxSetupError(`cannot start the job's network: ${cause.message}`, { cause });
  }
}

/**
 * Spawns bwrap as `uid` (the slot's; undefined: the worker's own); it then waits for its
 * arguments (see startSandbox). With the enter helper, it starts bwrap in the slot network with
 * `rlimits`. Without it, bwrap is started in a slot network by nsenter (as root, which then takes
 * the slot's uid and execs bwrap: the same process, one exec more), and `rlimits` must be empty:
 * the job's command sets them.
 */
export function spawnSandbox(
  env: Pick<Environment, 'enter'>,
  command: string[],
  uid: number | undefined,
  stdin: 'pipe' | 'ignore',
  slotNetwork?: SlotNetwork,
  rlimits: ResourceLimit[] = [],
): Promise<Spawned> {
  const bwrap = [BWRAP, '--args', String(ARGS_FD), '--', ...command];
  const options = { env: {}, stdio: [stdin, 'pipe', 'pipe'] as ('pipe' | 'ignore')[], bwrap: true };
  const ids = uid === undefined ? [] : ['--setuid', String(uid), '--setgid', String(uid)];
  if (env.enter) {
    const args = [
      ...(slotNetwork ? ['--net', slotNetwork.path] : []),
      ...(uid === undefined ? [] : ['--ids', String(uid)]),
      ...rlimits.flatMap(({ resource, soft, hard }) => ['--limit', `${resource}=${soft}:${hard}`]),
    ];
    return spawner.spawn(env.enter, [...args, '--', ...bwrap], { ...options, owner: uid });
  }
  if (rlimits.length > 0) throw new Error('rlimits before bwrap need the enter helper');
  if (!slotNetwork) return spawner.spawn(bwrap[0]!, bwrap.slice(1), { ...options, uid, gid: uid });
  return spawner.spawn(NSENTER, [`--net=${slotNetwork.path}`, ...ids, '--', ...bwrap], { ...options, owner: uid });
}

/** A spawned sandbox, with what is known of it so far: enough to kill it at any point. */
export interface Starting {
  sandbox: Spawned;
  /** The sandbox's pid 1, once bwrap has said it. */
  sandboxInit?: number;
  /** Its own slirp4netns (`outbound` without a slot network). */
  slirp?: Slirp;
  /** The slot network it was started in (`outbound`), which outlives it: never stopped with it. */
  slotNetwork?: SlotNetwork;
}

/**
 * Hands bwrap its arguments (the job folder must exist by now) and, for `outbound`, starts
 * slirp meanwhile (see launchSlirp); once the sandbox's pid 1 waits on BLOCK_FD, moves it into
 * `cgroup`, attaches slirp, and lets it go on. `stopped` says the job was ended meanwhile (then
 * failures are no surprise, and nothing more is started). Resolves with the cgroup join's or
 * slirp's failure, if any (the sandbox is then still blocked); rejects if bwrap's pid can't be read.
 */
export async function startSandbox(
  starting: Starting,
  argBlock: string[],
  network: SandboxSpec['network'],
  cgroup: JobCgroup | undefined,
  stopped: () => boolean,
): Promise<Error | undefined> {
  starting.sandbox.sendArgs(argBlock);
  // Started now, while bwrap starts, rather than after: see launchSlirp. A slot network has one.
  const unattached = network === 'outbound' && !starting.slotNetwork && !stopped() ? launchSlirp() : undefined;
  starting.slirp = unattached;
  const sandboxInit = await starting.sandbox.childPid;
  starting.sandboxInit = sandboxInit;
  // Ended before saying it (a cancel or timeout killed it): the launcher kills what it started.
  if (sandboxInit === undefined) return undefined;
  if (stopped()) {
    // Ended while bwrap started (a cancel, a timeout): the kill then could not name pid 1, which
    // now waits to be let go (the launcher kills it if bwrap is gone already).
    killSandbox(starting.sandbox, sandboxInit);
    return undefined;
  }
  // The sandbox now waits on its block descriptor: limits and network go in before the job starts.
  const [limited, attached] = await Promise.allSettled([cgroup?.add(sandboxInit), unattached?.attach(sandboxInit)]);
  const failed = [limited, attached].find((r) => r.status === 'rejected');
  // A job killed meanwhile (timeout, cancel) makes these fail too; that is not a set-up error.
  if (failed && !stopped()) return (failed as PromiseRejectedResult).reason as Error;
  starting.sandbox.go();
  return undefined;
}

/** Kills the sandbox unless it has exited: its pid 1 first, whose death ends its whole pid namespace. */
export function killSandbox(sandbox: Spawned | undefined, sandboxInit: number | undefined): void {
  if (sandbox?.hasExited()) return;
  if (sandboxInit !== undefined) {
    try {
      process.kill(sandboxInit, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  sandbox?.kill('SIGKILL');
}

/** Stops the sandbox's slirp and kills the sandbox; its pipes stay open, so its last output is still read. */
export function stopSandbox(starting: Starting | undefined): void {
  starting?.slirp?.stop();
  killSandbox(starting?.sandbox, starting?.sandboxInit);
}

/**
 * Ends a sandbox for good, whatever state it got to: stops its slirp, kills it, and closes the
 * worker's ends of its pipes. The one teardown of cold, warm and failed-to-start sandboxes.
 */
export function tearDownSandbox(starting: Starting | undefined): void {
  stopSandbox(starting);
  for (const pipe of starting?.sandbox.stdio ?? []) pipe?.destroy();
}

/**
 * Removes the job folder and empties the slot's cgroup, then releases the slot. Never rejects:
 * failures are logged, and a slot whose cgroup could not be emptied is never reused.
 */
export async function cleanUpSlot(jobDir: string, cgroup: JobCgroup | undefined, slot: JobSlot): Promise<void> {
  const [group, folder] = await Promise.allSettled([cgroup?.empty(), removeJobFolder(jobDir)]);
  if (folder.status === 'rejected') console.error(`sandbox: job folder ${jobDir} not removed:`, folder.reason);
  if (group.status === 'rejected') {
    // Processes of the job may still run as this uid; never hand it to another job.
    console.error(`sandbox: job cgroup not emptied, uid ${slot.uid} retired:`, group.reason);
    return;
  }
  slot.release();
}
