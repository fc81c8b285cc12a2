// Builds the worker's small native helper (worker/native/runnel-enter.c) into
// worker/dist/native/, where the worker looks for it. Without a C compiler it says so and the
// worker does without: it starts bwrap through nsenter and sets rlimits with prlimit instead.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'worker/native/runnel-enter.c');
const target = join(root, 'worker/dist/native/runnel-enter');

if (existsSync(target) && statSync(target).mtimeMs >= statSync(source).mtimeMs) process.exit(0);
const compiler = ['cc', 'gcc'].find((name) => spawnSync(name, ['--version'], { stdio: 'ignore' }).status === 0);
if (!compiler) {
  console.warn('build: no C compiler (cc): the worker starts its sandboxes through nsenter and prlimit instead');
  process.exit(0);
}
mkdirSync(dirname(target), { recursive: true });
const built = spawnSync(compiler, ['-O2', '-Wall', '-Wextra', '-Werror', '-o', target, source], { stdio: 'inherit' });
if (built.status !== 0) {
  console.error('build: worker/native/runnel-enter.c did not compile');
  process.exit(1);
}
