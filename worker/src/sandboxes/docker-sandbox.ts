import { chownSync } from 'node:fs';
import { mkdir, chmod } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import Docker from 'dockerode';
import { prepareJob, preparePooled, type PreparedJob, type ResourceLimit } from '@runnel/runtimes';
import { runtimeImage } from '@runnel/runtimes/images';
import { CleanUps } from './clean-ups.js';
import { DEPS_IN_SANDBOX, writeSandboxEtc } from './bwrap-args.js';
import { DockerPool, type DockerKind, type WarmContainer } from './docker-pool.js';
import { EXIT_FILE, runInContainer } from './docker-run.js';
import { Box, PIPES } from './docker-box.js';
import { containerSpec, LABEL } from './docker-spec.js';
import { alive, jobName } from './host.js';
import { createJobFolder, writeJobFile } from './job-folder.js';
import { acquireSlot } from './job-slots.js';
import { launchSlirp } from './network.js';
import { cleanUpSlot, MIB, noop, sandboxEnvironment, warmGoMessage } from './sandbox-start.js';
import { SlotDisks } from './slot-disks.js';
import { spawner } from './spawner.js';
import { interpreterWaiting } from './warm-pool.js';
import {
  resolveLimits,
  SandboxSetupError,
  type Sandbox,
  type SandboxLimits,
  type SandboxOutcome,
  type SandboxSpec,
} from './sandbox.js';

export interface DockerSandboxOptions {
  /** The engine. Default: dockerode's own (DOCKER_HOST, else /var/run/docker.sock). */
  docker?: Docker;
  /**
   * The worker's name, the `runnel.worker` label of its containers: a worker that starts removes
   * every container labelled with its own name (its previous life's) and those of dead worker
   * processes of this host. Default `<hostname>-<pid>`.
   */
  workerName?: string;
  /** Where job folders are made (bound at /job). Default `<os.tmpdir()>/runnel-docker-jobs`. */
  workRoot?: string;
  /** Host uid of the first job slot, as for the process sandbox; another range than its. Default 400000. */
  uidBase?: number;
  /** Jobs this process may run at once. Default 1024. */
  maxSlots?: number;
  /** Warm containers kept started ahead, as the process sandbox's warm pool (warm-pool.ts). Default 4; 0 = every job cold. */
  warmPoolSize?: number;
  /** Limits of jobs that set none of their own (the worker group's defaults); see SandboxLimits. */
  limits?: Partial<SandboxLimits>;
  /** A loop-mounted ext4 disk of the job's quota per slot for /job (root only). Default true. */
  diskQuota?: boolean;
  /** Worker groups whose containers get every GPU of the host (a device request). Default `gpu`. */
  gpuTags?: string[];
}

const CANCELED = { name: 'Canceled', message: 'the job was canceled' };

/**
 * The job's command runs under a shell that takes the named pipes in /job as its stdin, stdout
 * and stderr (see docker-box.ts) and writes the command's exit status to EXIT_FILE there: the
 * worker reads it once the output has closed (the shell holds stdout until it exits), rather than
 * waiting for the engine's word on the exit, which comes through containerd and dockerd and
 * costs tens of milliseconds more (docs/adr/0045). A killed container leaves no file: then the
 * engine's word is awaited.
 */
const EXIT_REPORTER = [
  '/bin/sh',
  '-c',
  `exec </job/${PIPES.stdin} >/job/${PIPES.stdout} 2>/job/${PIPES.stderr}; "$@"; echo $? >/job/${EXIT_FILE}`,
  'sh',
];

/** The rlimits the job's command sets on itself: memory and pids are the container's cgroup's. */
function commandLimits(limits: SandboxLimits): ResourceLimit[] {
  return [
    { resource: 'CPU', soft: limits.cpuSeconds, hard: limits.cpuSeconds + 1 },
    { resource: 'FSIZE', soft: limits.fileSizeMb * MIB, hard: limits.fileSizeMb * MIB },
    { resource: 'CORE', soft: 0, hard: 0 },
  ];
}

/** Makes the job's stdin, stdout and stderr pipes (PIPES) in its folder, owned by `owner` (undefined: the worker). */
async function makePipes(jobDir: string, owner: number | undefined): Promise<void> {
  const paths = Object.values(PIPES).map((name) => join(jobDir, name));
  const made = await spawner.spawn('/usr/bin/mkfifo', ['-m', '600', ...paths], {
    env: {},
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  const { code } = await made.exited;
  if (code !== 0) throw new Error(`mkfifo failed in ${jobDir} (exit code ${code})`);
  if (owner !== undefined) for (const path of paths) chownSync(path, owner, owner);
}

/** The engine could not give a gpu job's container a GPU: the job's error, said plainly. */
class GpuUnavailable extends Error {
  override name = 'GpuUnavailable';
}

interface Environment {
  root: boolean;
  etcDir: string;
  disks: SlotDisks | undefined;
  engine: string;
  diskEnforcement: string;
}

/**
 * Runs each job in a container of its language's image (runtimes/<language>/Dockerfile, built
 * by `npm run images`): see containerSpec for what the container may do, docker-pool.ts for the
 * containers started ahead, ADR 0045 for why. Every job's container is started the way a warm one
 * is (its interpreter waits for the go message on stdin), so cold and warm jobs run alike, and an
 * `outbound` job's network is attached before any of its code runs.
 */
export class DockerSandbox implements Sandbox {
  readonly docker: Docker;
  readonly workerName: string;
  private readonly workRoot: string;
  private readonly uidBase: number;
  private readonly maxSlots: number;
  private readonly gpuTags: Set<string>;
  private environment?: Promise<Environment>;
  private readonly images = new Map<string, Promise<string>>();
  private readonly cleanUps = new CleanUps();
  private readonly pool: DockerPool;
  private inFlight = 0;

  constructor(private readonly options: DockerSandboxOptions = {}) {
    this.docker = options.docker ?? new Docker();
    this.workerName = options.workerName ?? `${hostname()}-${process.pid}`;
    this.workRoot = options.workRoot ?? join(tmpdir(), 'runnel-docker-jobs');
    this.uidBase = options.uidBase ?? 400_000;
    this.maxSlots = options.maxSlots ?? 1024;
    this.gpuTags = new Set(options.gpuTags ?? ['gpu']);
    this.pool = new DockerPool(
      {
        prestart: (kind) => this.prestart(kind),
        discard: (warm) => this.cleanUps.track(this.dispose(warm)),
        busy: () => this.inFlight + this.cleanUps.size,
        running: () => this.inFlight,
        maxSlots: this.maxSlots,
      },
      Math.min(options.warmPoolSize ?? 4, this.maxSlots - 1),
    );
  }

  async describe(): Promise<string> {
    const env = await this.setUp();
    return `docker ${env.engine}: a container per job (memory, CPU and pids by its cgroup; read-only root, no capabilities); ${env.diskEnforcement}`;
  }

  async warning(): Promise<string | undefined> {
    const env = await this.setUp();
    if (env.root) return undefined;
    return 'docker sandbox of a worker that is not root: every job runs as the worker own uid and /job has no disk quota; run the worker as root for a uid per job slot and disk quotas';
  }

  private setUp(): Promise<Environment> {
    this.environment ??= (async () => {
      let engine: string;
      try {
        engine = (await this.docker.version()).Version;
      } catch (err) {
        throw new SandboxSetupError(
          `the Docker engine does not answer (DOCKER_HOST or /var/run/docker.sock): ${(err as Error).message}`,
          { cause: err },
        );
      }
      await this.sweep();
      const root = process.getuid?.() === 0;
      await mkdir(this.workRoot, { recursive: true, mode: 0o711 });
      await chmod(this.workRoot, 0o711);
      const etcDir = join(this.workRoot, '.etc');
      await writeSandboxEtc(etcDir);
      await spawner.start();
      let disks: SlotDisks | undefined;
      let diskEnforcement = 'disk not limited (disabled by option)';
      if (this.options.diskQuota !== false && root) {
        const candidate = new SlotDisks(this.workRoot, 'ext4');
        try {
          await candidate.probe();
          disks = candidate;
          diskEnforcement = 'disk of /job by a loop-mounted ext4 per slot';
        } catch (err) {
          diskEnforcement = `disk not limited (${(err as Error).message})`;
        }
      } else if (!root) {
        diskEnforcement = 'disk not limited (the worker is not root)';
      }
      return { root, etcDir, disks, engine, diskEnforcement };
    })();
    this.environment.catch(() => (this.environment = undefined));
    return this.environment;
  }

  /**
   * Removes the containers a previous life of this worker left (same name), and those of this
   * host's worker processes that are gone: a worker killed mid-job leaves its containers running.
   */
  async sweep(): Promise<number> {
    const found = await this.docker.listContainers({
      all: true,
      filters: { label: [`${LABEL.sandbox}=docker`] },
    });
    const host = hostname();
    const stale = found.filter((c) => {
      const labels = c.Labels ?? {};
      if (labels[LABEL.worker] === this.workerName) return labels[LABEL.pid] !== String(process.pid);
      return labels[LABEL.host] === host && !alive(Number(labels[LABEL.pid]));
    });
    await Promise.all(
      stale.map((c) =>
        this.docker
          .getContainer(c.Id)
          .remove({ force: true, v: true })
          .catch(() => undefined),
      ),
    );
    return stale.length;
  }

  /** The tag of `language`'s image, which must exist (npm run images builds it). */
  private image(language: SandboxSpec['language']): Promise<string> {
    let found = this.images.get(language);
    if (!found) {
      found = (async () => {
        let tag: string;
        try {
          tag = runtimeImage(language).tag;
        } catch (err) {
          throw new SandboxSetupError(`no image for ${language}: ${(err as Error).message}`, { cause: err });
        }
        try {
          await this.docker.getImage(tag).inspect();
        } catch {
          throw new SandboxSetupError(
            `the image ${tag} is missing: build it with \`npm run images\` (or node scripts/images/build.mjs ${language})`,
          );
        }
        return tag;
      })();
      this.images.set(language, found);
      // A missing image may be built meanwhile: asked again by the next job.
      found.catch(() => this.images.delete(language));
    }
    return found;
  }

  async run(spec: SandboxSpec): Promise<SandboxOutcome> {
    const startedAt = performance.now();
    if (spec.signal?.aborted) {
      return { status: 'canceled', error: CANCELED, exitCode: null, durationMs: 0, logsTruncated: false };
    }
    const limits = resolveLimits(spec, this.options.limits);
    const gpu = spec.tag !== undefined && this.gpuTags.has(spec.tag);
    const kind: DockerKind = { language: spec.language, network: spec.network, limits, deps: spec.deps, gpu };
    let prepared: PreparedJob;
    try {
      await this.setUp();
      await this.image(spec.language);
      const input = {
        content: spec.content,
        args: spec.args,
        argOrder: spec.argOrder,
        ...(spec.deps !== undefined && { deps: DEPS_IN_SANDBOX }),
      };
      prepared = prepareJob(spec.language, input, commandLimits(limits));
    } catch (err) {
      if (err instanceof SandboxSetupError) throw err;
      throw new SandboxSetupError(`cannot prepare the ${spec.language} job: ${(err as Error).message}`, { cause: err });
    }
    const pooled = spec.limits && Object.keys(spec.limits).length > 0 ? undefined : this.pool.keyOf(kind);
    const taken = pooled === undefined ? undefined : await this.pool.take(pooled, kind);
    if (taken) this.pool.refillSoon();
    this.inFlight++;
    let warm: WarmContainer | undefined = taken;
    try {
      if (!warm) {
        try {
          warm = await this.start(kind, spec.jobId);
        } catch (err) {
          if (err instanceof GpuUnavailable) {
            const durationMs = Math.round(performance.now() - startedAt);
            return {
              status: 'failure',
              error: { name: err.name, message: err.message },
              exitCode: null,
              durationMs,
              logsTruncated: false,
            };
          }
          throw err;
        }
      }
      const { box } = warm;
      try {
        const owner = this.owner(warm.uid);
        for (const [name, content] of Object.entries(prepared.files)) {
          if (!(name in warm.pooled.files)) writeJobFile(warm.jobDir, name, content, owner);
        }
        await spec.onFolder?.(warm.jobDir, owner);
      } catch (err) {
        throw new SandboxSetupError(`cannot set up the job's folder: ${(err as Error).message}`, { cause: err });
      }
      const env = await this.setUp();
      return await runInContainer({
        spec,
        box,
        limits,
        resultMode: prepared.resultMode,
        jobDir: warm.jobDir,
        goMessage: warmGoMessage(spec, prepared, warm.pooled),
        diskQuota: env.disks !== undefined,
        startedAt,
        start: taken ? 'warm' : 'cold',
      });
    } finally {
      this.inFlight--;
      if (warm) void this.cleanUps.track(this.dispose(warm));
      this.pool.refillSoon();
    }
  }

  /** A warm container for the pool; undefined when it could not be started (the job then starts one itself). */
  private async prestart(kind: DockerKind): Promise<WarmContainer | undefined> {
    // Dependencies evicted meanwhile: no container of this kind, as the process sandbox's pool.
    const release = kind.deps?.retain();
    if (kind.deps && !release) return undefined;
    release?.();
    try {
      return await this.start(kind, 'warm');
    } catch (err) {
      // A host without GPUs: the gpu job that takes no warm container says so itself.
      if (err instanceof GpuUnavailable) return undefined;
      console.error('sandbox: a warm container could not be started:', (err as Error).message);
      return undefined;
    }
  }

  /**
   * Starts a container of `kind` whose interpreter waits for its go message: a slot (uid, disk),
   * the job folder with the wrapper, the container created, attached and started, slirp attached
   * for `outbound`; resolves once the interpreter waits (or after 2 s). Rejects with
   * SandboxSetupError (GpuUnavailable for a gpu job on an engine without GPUs), leaving nothing behind.
   */
  private async start(kind: DockerKind, label: string): Promise<WarmContainer> {
    const env = await this.setUp();
    const image = await this.image(kind.language);
    const slot = acquireSlot(this.uidBase, this.maxSlots);
    const releaseDeps = kind.deps?.retain();
    if (kind.deps && !releaseDeps) {
      slot.release();
      throw new SandboxSetupError("the job's installed dependencies were evicted before its container started");
    }
    const uid = env.root ? slot.uid : process.getuid!();
    const folder = jobName(label);
    const jobDir = env.disks ? join(env.disks.dir(slot.uid), folder) : join(this.workRoot, folder);
    const pooled = preparePooled(kind.language, commandLimits(kind.limits));
    const warm: WarmContainer = { uid, slot, jobDir, pooled, box: undefined!, releaseDeps, bornAt: Date.now() };
    try {
      await env.disks?.prepare(slot.uid, kind.limits.diskMb);
      await createJobFolder(jobDir, this.owner(uid), pooled.files);
      const name = `runnel-${this.workerName.replace(/[^A-Za-z0-9_.-]/g, '_')}-${folder}`.slice(0, 200);
      const spec = containerSpec({
        name,
        image,
        command: [...EXIT_REPORTER, ...pooled.command],
        env: sandboxEnvironment(pooled.env),
        uid,
        jobDir,
        binds: pooled.binds,
        deps: kind.deps?.dir,
        resolvConf: kind.network === 'outbound' ? join(env.etcDir, 'resolv.conf.slirp') : undefined,
        network: kind.network,
        limits: kind.limits,
        gpu: kind.gpu,
        labels: {
          [LABEL.sandbox]: 'docker',
          [LABEL.worker]: this.workerName,
          [LABEL.host]: hostname(),
          [LABEL.pid]: String(process.pid),
          [LABEL.job]: label,
        },
      });
      await makePipes(jobDir, this.owner(uid));
      const container = await this.docker.createContainer(spec);
      let box: Box;
      try {
        box = new Box(container, name, jobDir);
      } catch (err) {
        await container.remove({ force: true }).catch(noop);
        throw err;
      }
      warm.box = box;
      try {
        await container.start();
      } catch (err) {
        const message = (err as Error).message;
        if (kind.gpu && /nvidia|device driver|gpu/i.test(message)) {
          throw new GpuUnavailable(
            `this worker's Docker engine cannot give the container a GPU (${message.trim()}): a gpu job needs a worker whose host has an NVIDIA GPU and the NVIDIA Container Toolkit`,
          );
        }
        throw err;
      }
      box.exited = container.wait({ condition: 'not-running' }).then(
        (r: { StatusCode?: number; Error?: { Message?: string } | null }) => ({
          code: typeof r.StatusCode === 'number' ? r.StatusCode : null,
          ...(r.Error?.Message ? { error: r.Error.Message } : {}),
        }),
        (err: Error) => ({ code: null, error: err.message }),
      );
      void box.exited.then(() => (box.stopped = true));
      const info = await container.inspect();
      box.pid = info.State.Pid;
      if (kind.network === 'outbound') box.slirp = await launchSlirp().attach(box.pid);
      // Its output is read once its shell holds the pipes' other ends (a read before would see none).
      for (const deadline = Date.now() + 10_000; !box.pipesOpened(); await sleep(2)) {
        if (box.stopped || Date.now() > deadline) break;
      }
      box.listen();
      for (const deadline = Date.now() + 2_000; Date.now() < deadline; await sleep(2)) {
        if (box.pid === 0 || interpreterWaiting(box.pid)) break;
      }
      return warm;
    } catch (err) {
      void this.cleanUps.track(this.dispose(warm));
      if (err instanceof SandboxSetupError || err instanceof GpuUnavailable) throw err;
      throw new SandboxSetupError(`cannot start the job's container: ${(err as Error).message}`, { cause: err });
    }
  }

  /** Who owns a job folder's files on the host: the slot's uid, or (not root) the worker itself. */
  private owner(uid: number): number | undefined {
    return process.getuid?.() === 0 ? uid : undefined;
  }

  /** Removes a container and its slot's folder; the slot is free once both are gone. */
  private async dispose(warm: WarmContainer): Promise<void> {
    warm.releaseDeps?.();
    warm.releaseDeps = undefined;
    try {
      await warm.box?.remove();
    } catch (err) {
      // The folder stays with it: a container that may still run keeps its slot.
      console.error(`sandbox: container ${warm.box?.name} not removed:`, (err as Error).message);
      return;
    }
    await cleanUpSlot(warm.jobDir, undefined, warm.slot);
  }

  /** Removes the warm containers; the pool fills again after the next job. */
  drainPool(): Promise<void> {
    return this.pool.drain();
  }

  /** Resolves once every returned job's container and folder are removed. */
  settled(): Promise<void> {
    return this.cleanUps.settled();
  }

  async close(): Promise<void> {
    await this.drainPool();
    await this.settled();
    const env = await this.environment?.catch(() => undefined);
    await env?.disks?.close();
  }
}
