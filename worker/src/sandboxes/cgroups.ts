import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { mounts, ownCgroups, under, type Mount } from './cgroup-mounts.js';
import { CgroupV1, CgroupV2, type CgroupManagerBase } from './cgroup-slots.js';

/** The limits a cgroup enforces for one job. */
export interface CgroupLimits {
  memoryBytes: number;
  pids: number;
}

/** One job's use of its slot's cgroup (one directory per hierarchy on v1, one on v2). */
export interface JobCgroup {
  /**
   * Moves a process into the cgroup; its later children stay there. Async: moving a task
   * between cgroups can wait for an RCU grace period (~10 ms), which must not block the
   * worker's other jobs; see CgroupManager.warmUp.
   */
  add(pid: number): Promise<void>;
  /** The kernel OOM-killed a process of this job: the slot's counter grew since the job began. */
  oomKilled(): boolean;
  /** Kills whatever the job left inside and waits until the cgroup is empty, ready for the slot's next job. */
  empty(): Promise<void>;
}

export interface CgroupManager {
  readonly version: 1 | 2;
  /** Whether pids.max is enforced; without it the sandbox falls back to RLIMIT_NPROC. */
  readonly limitsPids: boolean;
  /**
   * The cgroup of the job slot that runs as `uid`, with `limits` in force: created for the
   * slot's first job and reused by its later ones. The slot's previous job must have emptied it.
   */
  enter(uid: number, limits: CgroupLimits): Promise<JobCgroup>;
  /**
   * Starts, without waiting for it, the RCU grace period the job's `add` would otherwise wait for
   * (~10 ms on v1): a task migration takes a global lock that waits for one unless another
   * migration ended moments ago. Moving the worker into the cgroup it is already in does
   * nothing else. Best effort; called as a job starts, so the wait overlaps its set-up.
   */
  warmUp(): void;
  /** Removes empty cgroups a killed worker left behind (another process's slots, old job cgroups). */
  sweepStale(): Promise<void>;
  /** Empties and removes this manager's slot cgroups (call once no job runs); later jobs create them again. */
  close(): Promise<void>;
}
export async function detectCgroups(parent?: string): Promise<CgroupManager | string> {
  let all: Mount[];
  let own: Map<string, string>;
  try {
    all = mounts();
    own = ownCgroups();
  } catch (err) {
    return `cannot read this process's cgroups: ${(err as Error).message}`;
  }
  const memory = all.find((m) => m.version === 1 && m.controllers.includes('memory'));
  const unified = all.find((m) => m.version === 2);
  let manager: CgroupManagerBase;
  if (memory) {
    const pids = all.find((m) => m.version === 1 && m.controllers.includes('pids'));
    const bases = [under(memory, own.get('memory') ?? '/', parent)];
    if (pids) bases.push(under(pids, own.get('pids') ?? '/', parent));
    manager = new CgroupV1(bases, parent === undefined, { mount: memory, controller: 'memory' });
  } else if (unified && existsSync(join(unified.path, 'cgroup.controllers'))) {
    manager = new CgroupV2([under(unified, own.get('') ?? '/', parent)], parent === undefined, {
      mount: unified,
      controller: '',
    });
  } else {
    return 'no cgroup memory controller is mounted';
  }
  try {
    await manager.probe({ memoryBytes: 64 * 1024 * 1024, pids: 16 });
  } catch (err) {
    return `cannot create cgroups under ${manager.bases[0]}: ${(err as Error).message}`;
  }
  return manager;
}

/** A slot's cgroup directories and the limits last written to them. */
