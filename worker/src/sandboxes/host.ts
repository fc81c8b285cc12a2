import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { SandboxSetupError } from './sandbox.js';

// What the process sandbox checks and tidies on the host before it runs jobs.

const O_CLOEXEC = 0o2000000;

/** A name for the job's folder and cgroup: its id made path-safe, plus randomness for retries. */
export function jobName(jobId: string): string {
  const safe = jobId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80) || 'job';
  return `${safe}-${randomBytes(4).toString('hex')}`;
}

/**
 * Descriptors above stdio that a child would inherit. Node opens all of its own with
 * close-on-exec, so these came from whoever started the worker.
 */
export function inheritedDescriptors(): number[] {
  const leaked: number[] = [];
  for (const name of readdirSync('/proc/self/fd')) {
    const fd = Number(name);
    if (fd <= 2) continue;
    try {
      const flags = /^flags:\s+([0-7]+)$/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))?.[1];
      if (flags !== undefined && (parseInt(flags, 8) & O_CLOEXEC) === 0) leaked.push(fd);
    } catch {
      // Closed meanwhile (e.g. the descriptor readdir itself used).
    }
  }
  return leaked;
}

/**
 * Kills sandbox processes of this uid range left behind by a worker that died while starting
 * them: bwrap's child waits for its parent's go-ahead before it arms --die-with-parent, so it
 * outlives a parent killed in that moment, orphaned (adopted by init) and stuck. Live sandboxes
 * always have a live parent, so orphans are safe to kill.
 */
export async function killOrphans(uidBase: number, maxSlots: number): Promise<void> {
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const status = await readFile(`/proc/${name}/status`, 'utf8').catch(() => '');
    const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]);
    const parent = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
    if (uid >= uidBase && uid < uidBase + maxSlots && parent === 1 && !/^State:\s+Z/m.test(status)) {
      try {
        process.kill(Number(name), 'SIGKILL');
      } catch {
        // Gone already.
      }
    }
  }
}

/** The first of `dir` and the directories above it that other users can't enter, if any. */
export function firstUnsearchable(dir: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    if ((statSync(d).mode & 0o001) === 0) return d;
    if (d === dirname(d)) return undefined;
  }
}

/** Whether the process `pid` exists (it may belong to another user). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Every directory above `dir` must let the job uids through, or bwrap can't bind it. */
export function assertSearchable(dir: string): void {
  const closed = firstUnsearchable(dir);
  if (closed) {
    throw new SandboxSetupError(`${closed} must be searchable by other users (chmod o+x), as jobs run as other uids`);
  }
}

/** Per work root and interpreter file, where it is bound from: asked by every sandbox start, decided once per worker. */
const reachable = new Map<string, string>();

/**
 * `file` (an interpreter, or a folder such as the SDK, to bind into sandboxes) where the job uids
 * can reach it: bwrap runs as the job's uid, so a file under a directory closed to others (a
 * checkout in /root) is hard-linked (or, across file systems, copied) into `stageDir` once, under
 * a name that changes when the file does; a folder is copied whole. Decided once per file for the
 * worker's life (a start of a job must not stat the whole path again); synchronous, as sandbox
 * options are built so.
 */
export function reachableCopy(file: string, stageDir: string): string {
  const key = `${stageDir}\0${file}`;
  let found = reachable.get(key);
  if (!found) {
    found = stage(file, stageDir);
    reachable.set(key, found);
  }
  return found;
}

function stage(file: string, stageDir: string): string {
  const stat = statSync(file);
  if (stat.isDirectory()) return stageFolder(file, stageDir);
  const runnable = (stat.mode & 0o005) === 0o005;
  if (runnable && !firstUnsearchable(dirname(file))) return file;
  const copy = join(stageDir, `${stat.ino}-${stat.size}-${Math.trunc(stat.mtimeMs)}-${basename(file)}`);
  if (!existsSync(copy)) {
    mkdirSync(stageDir, { recursive: true, mode: 0o711 });
    // Made aside and renamed: another worker on the same work root may be staging it too.
    const temporary = `${copy}.${process.pid}`;
    rmSync(temporary, { force: true });
    try {
      if (!runnable) throw new Error('a link would keep its mode');
      linkSync(file, temporary);
    } catch {
      copyFileSync(file, temporary);
      chmodSync(temporary, 0o755);
    }
    renameSync(temporary, copy);
  }
  return copy;
}

/**
 * A folder of small source files (the SDK) where the job uids can read it: itself if they can
 * already, else a copy in `stageDir` named by a hash of its content, so that a changed SDK gets a
 * new copy while a running sandbox keeps the one it has.
 */
function stageFolder(dir: string, stageDir: string): string {
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  const readable = (path: string): boolean => {
    const stat = statSync(path);
    const bits = stat.isDirectory() ? 0o005 : 0o004;
    return (stat.mode & bits) === bits;
  };
  if (!firstUnsearchable(dir) && entries.every(readable)) return dir;
  const hash = createHash('sha256');
  for (const path of entries) {
    hash.update(`${path.slice(dir.length)}\0`);
    if (statSync(path).isFile()) hash.update(readFileSync(path));
  }
  const copy = join(stageDir, `${hash.digest('hex').slice(0, 16)}-${basename(dir)}`);
  if (!existsSync(copy)) {
    mkdirSync(stageDir, { recursive: true, mode: 0o711 });
    // Made aside and renamed: another worker on the same work root may be staging it too.
    const temporary = `${copy}.${process.pid}`;
    rmSync(temporary, { recursive: true, force: true });
    cpSync(dir, temporary, { recursive: true });
    chmodSync(temporary, 0o755);
    for (const path of entries) {
      const target = join(temporary, path.slice(dir.length));
      chmodSync(target, statSync(target).isDirectory() ? 0o755 : 0o644);
    }
    renameSync(temporary, copy);
  }
  return copy;
}
