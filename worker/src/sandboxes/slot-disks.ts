import { spawnSync } from 'node:child_process';
import { statfsSync } from 'node:fs';
import { chmod, mkdir, readdir, rm, rmdir, truncate, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { alive } from './host.js';
import { spawner } from './spawner.js';

// Each job slot's disk: a filesystem of its own, of exactly the job's disk quota, holding the
// job folder. A loop-mounted ext4 image (sparse, in `<workRoot>/.disks`), made by the slot's
// first job and kept for its next ones, like the slot's cgroup; made again only when a job asks
// for another size. Disk, not memory: a tmpfs would be charged to the job's memory cgroup, so
// a job writing its default 1 GiB quota would be OOM-killed (its limit is 1 GiB too) rather
// than told that its disk is full. See ADR 0014.
//
// A rootless worker (ADR 0021) can't have loop devices: its slots' disks are tmpfs mounts of the
// quota's size, made in the worker's own mount namespace (so gone with it), in memory that no
// cgroup charges to the job there.

const MKFS = '/usr/sbin/mkfs.ext4';
const MOUNT = '/usr/bin/mount';
const UMOUNT = '/usr/bin/umount';
const MIB = 1024 * 1024;

/** Runs a system command through the launcher (never a fork of the worker); rejects with its stderr. */
async function run(command: string, args: string[]): Promise<void> {
  const child = await spawner.spawn(command, args, {
    env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stdio[2]?.on('data', (chunk: Buffer) => {
    if (stderr.length < 2048) stderr += chunk.toString();
  });
  const { code, signal } = await child.exited;
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} failed (${signal ?? code}): ${stderr.trim()}`);
}

/**
 * Disks mounted by this process, by mount point: shared by its ProcessSandboxes, as job slots
 * are (job-slots.ts); each belongs to the sandbox that prepared it last. Unmounted when the
 * process exits (lazily: a job's leftover process can't hold it).
 */
const mounted = new Map<string, { sizeMb: number; owner: SlotDisks }>();
/** Disks being made or remade, by mount point: one at a time. */
const making = new Map<string, Promise<void>>();
let exitHook = false;
let probes = 0;

/** `ext4`: a loop-mounted image per slot (needs root); `tmpfs`: a sized tmpfs (root of a user namespace will do). */
export type DiskKind = 'ext4' | 'tmpfs';

export class SlotDisks {
  constructor(
    private readonly workRoot: string,
    readonly kind: DiskKind = 'ext4',
  ) {}

  /** Where the slot of `uid` keeps its job folders (named after this process, like its cgroup). */
  dir(uid: number): string {
    return join(this.workRoot, `slot-${uid}-w${process.pid}`);
  }

  /**
   * Removes the disks of dead workers on this work root (mounted or not, after a reboot; their
   * jobs were killed with them; a live worker's are its own), then makes and removes a disk, to
   * learn whether this machine can (loop devices, mkfs.ext4).
   */
  async probe(): Promise<void> {
    const names = await readdir(this.workRoot).catch(() => [] as string[]);
    for (const name of names) {
      const owner = /^(?:slot-\d+|probe)-w(\d+)(?:-\d+)?$/.exec(name)?.[1];
      if (owner !== undefined && !alive(Number(owner))) await this.remove(join(this.workRoot, name));
    }
    await mkdir(join(this.workRoot, '.disks'), { recursive: true, mode: 0o700 });
    const dir = join(this.workRoot, `probe-w${process.pid}-${++probes}`);
    await this.prepareAt(dir, 1);
    await this.remove(dir);
  }

  /** Makes sure the slot of `uid` has a disk of `diskMb` mounted at dir(uid). */
  prepare(uid: number, diskMb: number): Promise<void> {
    return this.prepareAt(this.dir(uid), diskMb);
  }

  private async prepareAt(dir: string, diskMb: number): Promise<void> {
    for (;;) {
      const pending = making.get(dir);
      if (!pending) break;
      await pending.catch(() => {});
    }
    const disk = mounted.get(dir);
    if (disk?.sizeMb === diskMb) {
      disk.owner = this;
      return;
    }
    const made = this.make(dir, diskMb);
    making.set(dir, made);
    try {
      await made;
    } finally {
      making.delete(dir);
    }
  }

  private async make(dir: string, diskMb: number): Promise<void> {
    const image = imageOf(dir);
    if (mounted.has(dir)) await this.remove(dir);
    await mkdir(dir, { recursive: true, mode: 0o711 });
    if (this.kind === 'tmpfs') {
      await run(MOUNT, ['-t', 'tmpfs', '-o', `size=${diskMb}m,mode=0711,nosuid,nodev`, 'tmpfs', dir]);
      mounted.set(dir, { sizeMb: diskMb, owner: this });
      registerForExit();
      return;
    }
    // A new sparse file: blocks are taken on the host as the job writes, never more than diskMb.
    await rm(image, { force: true });
    await writeFile(image, '', { mode: 0o600 });
    await truncate(image, diskMb * MIB);
    // No journal: a slot's disk is scratch space, remade rather than recovered.
    await run(MKFS, ['-q', '-F', '-m', '0', '-O', '^has_journal', '-E', 'nodiscard', image]);
    // discard: what a job deletes is given back to the host's filesystem (holes in the image).
    await run(MOUNT, ['-o', 'loop,discard,nosuid,nodev', image, dir]);
    mounted.set(dir, { sizeMb: diskMb, owner: this });
    registerForExit();
    await chmod(dir, 0o711);
    await rmdir(join(dir, 'lost+found')).catch(() => {});
  }

  /** Unmounts a disk and removes its image. */
  private async remove(dir: string): Promise<void> {
    mounted.delete(dir);
    await run(UMOUNT, ['-l', dir]).catch(() => {});
    await rm(imageOf(dir), { force: true });
    await rmdir(dir).catch(() => {});
  }

  /** Unmounts the slot disks this sandbox used last (once no job of it runs); later jobs make them again. */
  async close(): Promise<void> {
    for (const [dir, disk] of [...mounted]) if (disk.owner === this) await this.remove(dir);
  }
}

/** A disk's image, beside its siblings' in the work root's `.disks`. */
function imageOf(dir: string): string {
  return join(dirname(dir), '.disks', `${basename(dir)}.img`);
}

function registerForExit(): void {
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => {
    for (const dir of mounted.keys()) spawnSync(UMOUNT, ['-l', dir], { stdio: 'ignore' });
  });
}

/**
 * Whether the filesystem of `dir` is full, as a job that wrote over its quota leaves it. A write
 * that failed may leave up to its own size free (ext4 refuses a write it can't hold whole), so
 * when the job said ENOSPC a disk more than half full counts; /tmp, a tmpfs, can say it too.
 */
export function diskFull(dir: string, saidNoSpace: boolean): boolean {
  try {
    const { bavail, bsize, blocks } = statfsSync(dir);
    const free = bavail * bsize;
    const size = blocks * bsize;
    return free <= Math.max(256 * 1024, size / 100) || (saidNoSpace && free < size / 2);
  } catch {
    return false;
  }
}
