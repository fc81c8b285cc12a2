// What the sandbox needs of cgroups, whichever version the host mounts (cgroups.ts finds it).

/** The limits a cgroup enforces for one job. */
export interface CgroupLimits {
  memoryBytes: number;
  pids: number;
  /** CPU bandwidth in cores (cpu.max / cpu.cfs_quota_us over a 100 ms period). */
  cpus: number;
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
  /** Whether CPU bandwidth is limited (a cpu controller is there); without it the job may use every core. */
  readonly limitsCpu: boolean;
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
