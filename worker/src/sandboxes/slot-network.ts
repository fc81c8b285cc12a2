import { closeSync, openSync } from 'node:fs';
import { hostRoutes, launchSlirp, type AttachedSlirp } from './network.js';
import { spawner, type Spawned } from './spawner.js';

/**
 * A network namespace routed through slirp4netns that outlives one job: successive `outbound`
 * jobs of one tenant in one job slot run in it (bwrap entered into it by nsenter), so each
 * such job pays for neither a slirp4netns start (~10 ms of CPU: a shell, nsenter, ip, unshare
 * and slirp itself) nor a network namespace of its own. Why sharing it between successive jobs
 * of one tenant, and only those, keeps jobs apart: docs/adr/0049-cheaper-sandboxed-job.md.
 */
export interface SlotNetwork {
  /** The process whose network namespace it is (a shell waiting on stdin, root, in no sandbox). */
  readonly holderPid: number;
  /**
   * What `nsenter --net=` takes to enter it: a descriptor of the namespace this process holds
   * (through /proc), not the holder's pid, which could be another process's once the holder died.
   */
  readonly path: string;
  readonly tenant: string;
  /** The host routes (hostRoutes) it was set up with: a change of the host's addresses means a new one. */
  readonly routes: string;
  /** False once it is stopped or either of its processes died. */
  alive(): boolean;
  stop(): void;
}

/** A slot's network is stopped when unused this long (its slot free meanwhile). */
const IDLE_MS = 60_000;

/**
 * Starts the holder (a shell in a new network namespace that brings `lo` up and then waits on
 * stdin, so it ends with the worker) and attaches slirp4netns to its namespace, host routes
 * included (launchSlirp); resolves once slirp is ready.
 */
async function startSlotNetwork(tenant: string): Promise<SlotNetwork> {
  const routes = hostRoutes();
  const holder: Spawned = await spawner.spawn(
    '/usr/bin/unshare',
    ['--net', '--', '/bin/sh', '-c', 'ip link set lo up && read -r _'],
    { env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' }, stdio: ['pipe', 'ignore', 'ignore'] },
  );
  holder.stdio[0]?.on('error', () => {});
  let slirp: AttachedSlirp | undefined;
  let namespace: number | undefined;
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    slirp?.stop();
    holder.kill('SIGKILL');
    holder.stdio[0]?.destroy();
    if (namespace !== undefined) closeSync(namespace);
  };
  try {
    slirp = await launchSlirp().attach(holder.pid);
    namespace = openSync(`/proc/${holder.pid}/ns/net`, 'r');
    if (holder.hasExited()) throw new Error('the network namespace holder exited');
  } catch (err) {
    stop();
    throw err;
  }
  let slirpDied = false;
  void slirp.exited.then(() => (slirpDied = true));
  return {
    holderPid: holder.pid,
    path: `/proc/${process.pid}/fd/${namespace}`,
    tenant,
    routes,
    alive: () => !stopped && !slirpDied && !holder.hasExited(),
    stop,
  };
}

interface Entry {
  network: Promise<SlotNetwork>;
  usedAt: number;
}

/**
 * The slot networks of one sandbox, by job slot uid. A slot runs one sandbox at a time, so a
 * slot network is never used by two jobs at once: the next job of the slot enters it only once
 * the last one's slot was released, its processes gone.
 */
export class SlotNetworks {
  private readonly bySlot = new Map<number, Entry>();
  private sweeper?: NodeJS.Timeout;

  /** `slotFree(uid)`: whether no sandbox holds the slot now (an idle network may then go). */
  constructor(private readonly slotFree: (uid: number) => boolean) {}

  /**
   * The network for the next sandbox of slot `uid`, for a job of `tenant`: the slot's own if it
   * was last used for the same tenant, is alive and has the host's current routes; otherwise
   * the old one is stopped and a new one started.
   */
  acquire(uid: number, tenant: string): Promise<SlotNetwork> {
    const entry = this.bySlot.get(uid);
    const routes = hostRoutes();
    const reusable = entry?.network.then(
      (net) => net.tenant === tenant && net.routes === routes && net.alive() && net,
      () => false as const,
    );
    const network = (async () => {
      const found = await reusable;
      if (found) return found;
      if (entry)
        void entry.network.then(
          (old) => old.stop(),
          () => {},
        );
      return startSlotNetwork(tenant);
    })();
    this.bySlot.set(uid, { network, usedAt: Date.now() });
    // A failed start is not kept: the slot's next job tries again.
    network.catch(() => {
      if (this.bySlot.get(uid)?.network === network) this.bySlot.delete(uid);
    });
    this.sweepSoon();
    return network;
  }

  /** Stops every slot network (their slots' sandboxes must be gone). */
  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
    const entries = [...this.bySlot.values()];
    this.bySlot.clear();
    for (const entry of entries) (await entry.network.catch(() => undefined))?.stop();
  }

  /** Networks unused for IDLE_MS whose slot is free are stopped, checked every IDLE_MS. */
  private sweepSoon(): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => {
      const now = Date.now();
      for (const [uid, entry] of this.bySlot) {
        if (now - entry.usedAt < IDLE_MS || !this.slotFree(uid)) continue;
        this.bySlot.delete(uid);
        void entry.network.then(
          (net) => net.stop(),
          () => {},
        );
      }
      if (this.bySlot.size === 0) {
        clearInterval(this.sweeper);
        this.sweeper = undefined;
      }
    }, IDLE_MS);
    this.sweeper.unref();
  }
}
