import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Docker from 'dockerode';
import { DockerSandbox, LABEL, type DockerSandboxOptions, type SandboxSpec } from '../src/sandboxes/index.js';
import type { JobRun } from './sandbox-helpers.js';

const BUILD = fileURLToPath(new URL('../../../scripts/images/build.mjs', import.meta.url));

/**
 * Builds the images of `languages` with the project's own script (`npm run images`), which
 * keeps a tag that exists: the first test file on a machine pays for the build, the others don't.
 */
export function buildImages(...languages: string[]): void {
  const built = spawnSync(process.execPath, [BUILD, ...languages], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`scripts/images/build.mjs failed:\n${built.stdout}${built.stderr}`);
}

/** The containers the engine has with `label` (e.g. `runnel.worker=<name>`), running or not. */
export async function containersLabelled(docker: Docker, label: string): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: [label] } });
}

/** A docker sandbox with its own worker name, work root and uid range, as testSandbox is for the process one. */
export async function testDockerSandbox(name: string, uidBase: number, options: DockerSandboxOptions = {}) {
  const workRoot = await mkdtemp(join(tmpdir(), 'runnel-docker-test-'));
  const workerName = `${name}-${process.pid}`;
  const sandbox = new DockerSandbox({ workRoot, uidBase, maxSlots: 32, workerName, ...options });
  return {
    sandbox,
    workerName,
    docker: sandbox.docker,
    async run(spec: Partial<SandboxSpec> & Pick<SandboxSpec, 'content'>): Promise<JobRun> {
      const logs: string[] = [];
      const outcome = await sandbox.run({
        jobId: 'test',
        language: 'bash',
        args: {},
        argOrder: [],
        timeoutMs: 20_000,
        network: 'none',
        onLog: (line) => logs.push(line),
        ...spec,
      });
      return { ...outcome, logs };
    },
    /** This sandbox's containers, once the removals of finished jobs (and warm ones) are done. */
    async leftovers(): Promise<Docker.ContainerInfo[]> {
      await sandbox.drainPool();
      await sandbox.settled();
      return containersLabelled(sandbox.docker, `${LABEL.worker}=${workerName}`);
    },
    async dispose(): Promise<void> {
      await sandbox.close();
      await rm(workRoot, { recursive: true, force: true });
    },
  };
}
