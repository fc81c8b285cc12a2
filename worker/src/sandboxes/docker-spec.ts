import type Docker from 'dockerode';
import type { Bind } from '@runnel/runtimes';
import { DEPS_IN_SANDBOX, SANDBOX_HOSTNAME } from './bwrap-args.js';
import { MIB } from './sandbox-start.js';
import type { NetworkPolicy, SandboxLimits } from './sandbox.js';

// What a job's container is made of (docs/adr/0045-docker-sandbox.md): a pure function of the
// job's plan, so that a test can check it without an engine, and the engine's view of it
// (docker inspect) can be compared with it.

/** Labels every container of the docker sandbox carries: what the start-up sweep looks for. */
export const LABEL = {
  sandbox: 'runnel.sandbox',
  worker: 'runnel.worker',
  host: 'runnel.host',
  pid: 'runnel.pid',
  job: 'runnel.job',
} as const;

/** Interpreters the images carry themselves (runtimes/<language>/Dockerfile): never bound from the host. */
const IN_IMAGE = '/opt/runnel/bin/';

export interface ContainerPlan {
  name: string;
  image: string;
  command: string[];
  env: Record<string, string>;
  /** Host uid (and gid) the job runs as. */
  uid: number;
  /** The job folder on the host, bound read-write at /job. */
  jobDir: string;
  /** The runtime's read-only binds (the SDK); interpreters under /opt/runnel/bin come with the image. */
  binds: Bind[];
  /** The job's installed dependencies on the host, bound read-only at DEPS_IN_SANDBOX. */
  deps: string | undefined;
  /** For `outbound`: a resolv.conf naming slirp's DNS forwarder, bound at /etc/resolv.conf. */
  resolvConf: string | undefined;
  network: NetworkPolicy;
  limits: SandboxLimits;
  /** The gpu group's containers: every GPU of the host, through the NVIDIA runtime. */
  gpu: boolean;
  labels: Record<string, string>;
}

/**
 * The container of one job: read-only root, /job its only writable place besides a private /tmp
 * (a tmpfs, charged to its memory), an unprivileged uid without capabilities or a way to gain
 * any, memory (no swap), CPU and pids limits from the cgroup docker makes, and no network but
 * loopback (`outbound` gets slirp4netns attached afterwards, see network.ts).
 */
export function containerSpec(plan: ContainerPlan): Docker.ContainerCreateOptions {
  const { limits } = plan;
  const binds = [`${plan.jobDir}:/job:rw`];
  for (const { source, target } of plan.binds) if (!target.startsWith(IN_IMAGE)) binds.push(`${source}:${target}:ro`);
  if (plan.deps) binds.push(`${plan.deps}:${DEPS_IN_SANDBOX}:ro`);
  if (plan.resolvConf) binds.push(`${plan.resolvConf}:/etc/resolv.conf:ro`);
  const env = {
    ...plan.env,
    ...(plan.gpu ? { NVIDIA_VISIBLE_DEVICES: 'all', NVIDIA_DRIVER_CAPABILITIES: 'compute,utility' } : {}),
  };
  return {
    name: plan.name,
    Image: plan.image,
    Cmd: plan.command,
    Entrypoint: [],
    Env: Object.entries(env).map(([name, value]) => `${name}=${value}`),
    User: `${plan.uid}:${plan.uid}`,
    WorkingDir: '/job',
    Hostname: SANDBOX_HOSTNAME,
    Labels: plan.labels,
    // stdin, stdout and stderr are named pipes in /job (see docker-box.ts), not the engine's attach.
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    OpenStdin: false,
    Tty: false,
    HostConfig: {
      ReadonlyRootfs: true,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      Memory: limits.memoryMb * MIB,
      // Equal to Memory: no swap on top of it.
      MemorySwap: limits.memoryMb * MIB,
      NanoCpus: Math.round(limits.cpus * 1e9),
      PidsLimit: limits.pids,
      // `outbound` too: slirp4netns gives the container's own namespace a way out (ADR 0045).
      NetworkMode: plan.network === 'host' ? 'host' : 'none',
      IpcMode: 'private',
      Binds: binds,
      Tmpfs: { '/tmp': `rw,nosuid,nodev,size=${limits.memoryMb}m,mode=1777` },
      // Output reaches the worker through the job's pipes; nothing is kept on the engine's disk.
      LogConfig: { Type: 'none', Config: {} },
      ...(plan.gpu && {
        DeviceRequests: [{ Driver: 'nvidia', Count: -1, Capabilities: [['gpu']] }],
      }),
    },
  };
}
