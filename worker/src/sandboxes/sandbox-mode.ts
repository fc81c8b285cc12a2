import { readFileSync } from 'node:fs';

// Which process sandbox a worker runs: `root` (a host uid per job slot, cgroups, a loop-mounted
// disk per slot; ADR 0004, 0014) or `rootless` (every job as the worker's own uid, in
// unprivileged namespaces; ADR 0021).

export type SandboxMode = 'root' | 'rootless';

/** How this process relates to the host's users. */
export interface Identity {
  /** Root of the initial user namespace: every privilege the root mode needs. */
  realRoot: boolean;
  /** Root of a user namespace of its own (made by `unshare --map-root-user`), mapped to one host uid. */
  namespaceRoot: boolean;
  /** The uid this process is on the host. */
  hostUid: number;
}

/** The first line of /proc/self/uid_map: `<inside> <outside> <count>`. */
export function identity(): Identity {
  const uid = process.getuid?.() ?? 0;
  let map = ['0', '0', '4294967295'];
  try {
    map = readFileSync('/proc/self/uid_map', 'utf8').trim().split('\n')[0]!.trim().split(/\s+/);
  } catch {
    // No /proc: take the uid as it is.
  }
  const [inside, outside, count] = map.map(Number) as [number, number, number];
  const initial = inside === 0 && outside === 0 && count === 4294967295;
  const hostUid = uid >= inside && uid < inside + count ? outside + (uid - inside) : uid;
  return { realRoot: uid === 0 && initial, namespaceRoot: uid === 0 && !initial, hostUid };
}

/**
 * The mode `WORKER_SANDBOX_MODE` asks for (`root`, `rootless`, or `auto`/unset: root when the
 * worker is root, rootless otherwise); throws, naming the variable, when it can't be had.
 */
export function sandboxMode(value: string | undefined, who: Identity = identity()): SandboxMode {
  const wanted = value === undefined || value === '' ? 'auto' : value;
  if (wanted !== 'auto' && wanted !== 'root' && wanted !== 'rootless') {
    throw new Error(`WORKER_SANDBOX_MODE must be root, rootless or auto, got "${value}"`);
  }
  if (wanted === 'auto') return who.realRoot ? 'root' : 'rootless';
  if (wanted === 'root' && !who.realRoot) {
    throw new Error(
      'WORKER_SANDBOX_MODE=root needs the worker to run as root (a uid per job slot, cgroups, loop devices); run it as root, or use rootless',
    );
  }
  if (wanted === 'rootless' && who.realRoot) {
    // Its jobs would be the host's uid 0 (without capabilities, but owning whatever root owns).
    throw new Error(
      'WORKER_SANDBOX_MODE=rootless is for a worker that is not root: as root it would run every job as the host uid 0; use root (the default as root)',
    );
  }
  return wanted;
}

/** Marks a worker process started inside its own user namespace by userNamespaceArgv. */
export const USERNS_MARK = 'RUNNEL_WORKER_USERNS';

/**
 * `argv` run as root of a new user namespace (mapped to the caller's uid) with a mount namespace
 * of its own: what a rootless worker needs to mount its slots' tmpfs disks and to start slirp4netns
 * and `ip` for a job's network namespace, which bwrap makes in a user namespace below this one.
 * setpriv --pdeathsig: the worker ends with whoever started it, as it would without the wrapper.
 */
export function userNamespaceArgv(argv: string[]): string[] {
  return [
    '/usr/bin/unshare',
    '--user',
    '--map-root-user',
    '--mount',
    '--propagation',
    'private',
    '--',
    '/usr/bin/setpriv',
    '--pdeathsig',
    'KILL',
    '--',
    ...argv,
  ];
}
