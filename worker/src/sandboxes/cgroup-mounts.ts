import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// Where the cgroup hierarchies are mounted and where this process sits in them.

export interface Mount {
  version: 1 | 2;
  /** Where the hierarchy is mounted. */
  path: string;
  /** The part of the hierarchy the mount shows (not `/` inside a container's cgroup namespace). */
  root: string;
  controllers: string[];
}

export function mounts(): Mount[] {
  const found: Mount[] = [];
  for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
    const [pre, post] = line.split(' - ');
    if (!pre || !post) continue;
    const fields = pre.split(' ');
    const [fstype, , superOptions = ''] = post.split(' ');
    const root = fields[3] ?? '/';
    const path = (fields[4] ?? '').replace(/\\040/g, ' ');
    if (fstype === 'cgroup2') found.push({ version: 2, path, root, controllers: [] });
    else if (fstype === 'cgroup') found.push({ version: 1, path, root, controllers: superOptions.split(',') });
  }
  return found;
}

/** This process's cgroup per v1 controller, and `''` for the v2 hierarchy. */
export function ownCgroups(): Map<string, string> {
  const own = new Map<string, string>();
  for (const line of readFileSync('/proc/self/cgroup', 'utf8').trim().split('\n')) {
    const [, controllers = '', path = '/'] = line.split(/:(.*?):/);
    for (const controller of controllers === '' ? [''] : controllers.split(',')) own.set(controller, path);
  }
  return own;
}

/** Where `ownPath` (as /proc/self/cgroup shows it) is in the mounted hierarchy. */
export function inMount(mount: Mount, ownPath: string): string {
  const relative = ownPath.startsWith(mount.root) ? ownPath.slice(mount.root.length) : ownPath;
  return join(mount.path, relative);
}

export function under(mount: Mount, ownPath: string, parent: string | undefined): string {
  return parent === undefined ? join(inMount(mount, ownPath), 'runnel') : join(mount.path, parent);
}

/**
 * Finds a writable memory cgroup: v1's memory (and pids) controllers, else v2 with memory and
 * pids delegated. Slot cgroups go under `parent` (relative to the hierarchy root), by default
 * under this process's own cgroup, so jobs stay inside whatever limits the worker has.
 * Returns the reason instead when none is usable.
 */
