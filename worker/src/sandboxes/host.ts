import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
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

/** Every directory above `dir` must let the job uids through, or bwrap can't bind it. */
export function assertSearchable(dir: string): void {
  for (let d = dir; ; d = dirname(d)) {
    if ((statSync(d).mode & 0o001) === 0) {
      throw new SandboxSetupError(`${d} must be searchable by other users (chmod o+x), as jobs run as other uids`);
    }
    if (d === dirname(d)) return;
  }
}
