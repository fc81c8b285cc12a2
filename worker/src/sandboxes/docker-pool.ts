import type { PooledSandbox } from '@runnel/runtimes';
import type { Box } from './docker-box.js';
import type { JobSlot } from './job-slots.js';
import type { DepsMount, SandboxLimits, SandboxSpec } from './sandbox.js';

// The docker sandbox's warm containers: the process sandbox's warm pool (warm-pool.ts) for
// containers. Kinds that ran in the last minute with default limits get containers started
// ahead (up to three of a kind when few kinds are in use), their interpreter waiting for the go
// message; a job of that kind takes one and finds it started.

/** A warm container unused this long is removed; a kind unused this long is not pooled again. */
const WARM_MAX_AGE_MS = 60_000;
const MAX_DEPTH = 3;

/** What decides a container's make-up before its job is known. */
export interface DockerKind {
  language: SandboxSpec['language'];
  network: SandboxSpec['network'];
  limits: SandboxLimits;
  deps: DepsMount | undefined;
  gpu: boolean;
}

/** A started container whose interpreter waits for its go message, with the slot it holds. */
export interface WarmContainer {
  /** The uid its processes run as. */
  uid: number;
  slot: JobSlot;
  /** Its job folder on the host (bound at /job), holding the wrapper only. */
  jobDir: string;
  pooled: PooledSandbox;
  box: Box;
  /** Lets go of the dependencies entry it has bound (a job that takes it holds its own). */
  releaseDeps: (() => void) | undefined;
  bornAt: number;
}

export interface DockerPoolOwner {
  prestart(kind: DockerKind): Promise<WarmContainer | undefined>;
  discard(warm: WarmContainer): Promise<void>;
  /** Slots held by jobs: running, or being removed. */
  busy(): number;
  running(): number;
  maxSlots: number;
}

interface Entry {
  started: Promise<WarmContainer | undefined>;
  warm?: WarmContainer;
  settled: boolean;
  expiry?: NodeJS.Timeout;
}

export class DockerPool {
  private readonly entries = new Map<string, Entry[]>();
  private readonly recent = new Map<string, DockerKind & { usedAt: number }>();
  private pooling = true;

  constructor(
    private readonly owner: DockerPoolOwner,
    private readonly size: number,
  ) {}

  /** The pool key of a kind: all a warm container's make-up depends on. */
  keyOf(kind: DockerKind): string | undefined {
    if (this.size <= 0) return undefined;
    return `${kind.language}|${kind.network}|${kind.limits.cpuSeconds}|${kind.deps?.dir ?? ''}|${kind.gpu}`;
  }

  /** Notes a job of `kind` and takes a warm container for it, if one is ready (or, when nothing else runs, about to be). */
  async take(key: string, kind: DockerKind): Promise<WarmContainer | undefined> {
    this.pooling = true;
    this.recent.set(key, { ...kind, usedAt: Date.now() });
    const lane = this.entries.get(key) ?? [];
    const index = lane.findIndex((e) => e.settled);
    // One still starting is worth waiting for only when no other job runs (see WarmPool.take).
    const chosen = index >= 0 ? index : lane.length > 0 && this.owner.running() === 0 ? 0 : -1;
    if (chosen < 0) return undefined;
    const [entry] = lane.splice(chosen, 1);
    clearTimeout(entry!.expiry);
    const warm = await entry!.started;
    if (!warm) return undefined;
    if (Date.now() - warm.bornAt > WARM_MAX_AGE_MS || warm.box.stopped) {
      void this.owner.discard(warm);
      return undefined;
    }
    warm.releaseDeps?.();
    warm.releaseDeps = undefined;
    return warm;
  }

  refillSoon(): void {
    if (this.size > 0) setImmediate(() => this.refill());
  }

  /** Removes the warm containers; the pool fills again after the next job. */
  async drain(): Promise<void> {
    this.pooling = false;
    const all = [...this.entries.values()].flat();
    this.entries.clear();
    for (const entry of all) clearTimeout(entry.expiry);
    const started = await Promise.all(all.map((e) => e.started));
    await Promise.all(started.map((warm) => warm && this.owner.discard(warm)));
  }

  private refill(): void {
    if (!this.pooling) return;
    const now = Date.now();
    for (const [key, kind] of this.recent) if (now - kind.usedAt > WARM_MAX_AGE_MS) this.recent.delete(key);
    const kinds = [...this.recent.entries()].sort(([, a], [, b]) => b.usedAt - a.usedAt).slice(0, this.size);
    const depth = Math.min(MAX_DEPTH, Math.max(1, Math.floor(this.size / Math.max(kinds.length, 1))));
    const wanted = new Set(kinds.map(([key]) => key));
    for (const [key, lane] of this.entries) {
      if (wanted.has(key)) continue;
      this.entries.delete(key);
      for (const entry of lane) this.forget(entry);
    }
    for (const [key, kind] of kinds) {
      const lane = this.entries.get(key) ?? [];
      this.entries.set(key, lane);
      while (lane.length < depth && this.pooling) {
        // Always a slot left for a job that finds no warm container.
        const pooled = [...this.entries.values()].reduce((n, l) => n + l.length, 0);
        if (this.owner.busy() + pooled + 2 > this.owner.maxSlots) return;
        const entry: Entry = { started: this.owner.prestart(kind), settled: false };
        lane.push(entry);
        void entry.started.then((warm) => {
          entry.settled = true;
          entry.warm = warm;
          const drop = (): void => {
            const at = lane.indexOf(entry);
            if (at < 0) return;
            lane.splice(at, 1);
            this.forget(entry);
          };
          if (!warm) return drop();
          entry.expiry = setTimeout(drop, WARM_MAX_AGE_MS);
          entry.expiry.unref();
          // A warm container that ends by itself (killed from outside) is of no use.
          void warm.box.exited.then(drop);
        });
      }
    }
  }

  private forget(entry: Entry): void {
    clearTimeout(entry.expiry);
    void entry.started.then((warm) => warm && this.owner.discard(warm));
  }
}
