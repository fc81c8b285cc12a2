import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { mounts, ownCgroups, under, type Mount } from './cgroup-mounts.js';
import type { CgroupManager } from './cgroup-manager.js';
import { CgroupV1, CgroupV2, type CgroupManagerBase, type V1Controller } from './cgroup-slots.js';

/**
 * The cgroup manager for this host (v1 where a memory hierarchy is mounted, else the unified v2), with slot
 * cgroups under `parent`; a string says why none can be used.
 */
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
    const hierarchies: Partial<Record<V1Controller, string>> = {};
    for (const controller of ['memory', 'pids', 'cpu'] as const) {
      const mount = all.find((m) => m.version === 1 && m.controllers.includes(controller));
      if (mount) hierarchies[controller] = under(mount, own.get(controller) ?? '/', parent);
    }
    manager = new CgroupV1(hierarchies, parent === undefined, { mount: memory, controller: 'memory' });
  } else if (unified && existsSync(join(unified.path, 'cgroup.controllers'))) {
    manager = new CgroupV2([under(unified, own.get('') ?? '/', parent)], parent === undefined, {
      mount: unified,
      controller: '',
    });
  } else {
    return 'no cgroup memory controller is mounted';
  }
  try {
    await manager.probe({ memoryBytes: 64 * 1024 * 1024, pids: 16, cpus: 1 });
  } catch (err) {
    return `cannot create cgroups under ${manager.bases[0]}: ${(err as Error).message}`;
  }
  return manager;
}

/** A slot's cgroup directories and the limits last written to them. */
