import { readFileSync } from 'node:fs';
import { SDK_PYTHON_BIND } from '../sdk/index.js';
import type { JobInput, PreparedJob, ResourceLimit } from '../types.js';

/** The system interpreter; `python3` on PATH may be a version-manager shim that costs 100 ms. */
export const PYTHON = '/usr/bin/python3';

let wrapper: string | undefined;

/** The wrapper ships as source next to this file's source; compiled code runs from dist/python3/. */
function wrapperSource(): string {
  wrapper ??= readFileSync(new URL('../../python3/wrapper.py', import.meta.url), 'utf8');
  return wrapper;
}

/** The wrapper's `--limits` option: RESOURCE:SOFT:HARD, comma-separated; see wrapper.py. */
function limitsOption(limits: ResourceLimit[]): string[] {
  if (limits.length === 0) return [];
  return ['--limits', limits.map(({ resource, soft, hard }) => `${resource}:${soft}:${hard}`).join(',')];
}

/** The wrapper's `--deps` option: the installed lock's folder, read-only in the sandbox. */
function depsOption(deps: string | undefined): string[] {
  return deps ? ['--deps', deps] : [];
}

/**
 * A Python job: the wrapper sets the limits, adds the job's dependencies to sys.path, imports
 * main.py and calls `main(**args)`. The SDK (`import runnel`, `import wmill`) is bound read-only
 * and on PYTHONPATH, which also reaches the Python processes the script starts.
 */
export function preparePython(input: JobInput, limits: ResourceLimit[] = []): PreparedJob {
  return {
    files: {
      'main.py': input.content,
      'wrapper.py': wrapperSource(),
      'args.json': JSON.stringify(input.args),
    },
    // -u: the script's prints reach the logs as they happen; -B: no __pycache__ in the job folder.
    command: [PYTHON, '-u', '-B', '/job/wrapper.py', ...limitsOption(limits), ...depsOption(input.deps)],
    binds: [SDK_PYTHON_BIND],
    env: { HOME: '/tmp', PYTHONIOENCODING: 'utf-8', PYTHONPATH: SDK_PYTHON_BIND.target },
    resultMode: 'file',
  };
}
