#!/usr/bin/env node
// `npm run up`: everything a fresh Debian machine needs, then server + worker on embedded defaults.
// Uses only Node's standard library until dependencies are installed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const say = (line) => console.log(`[runnel] ${line}`);

function run(cmd, args, options = {}) {
  const res = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...options });
  if (res.status !== 0) {
    console.error(`[runnel] failed: ${cmd} ${args.join(' ')}`);
    process.exit(res.status ?? 1);
  }
}

if (process.getuid?.() !== 0) {
  console.error('[runnel] npm run up must run as root: the worker starts every job as a separate unprivileged user');
  console.error('  with cgroup limits, which needs root. Run it as root, or use docker compose (see README.md).');
  process.exit(1);
}

const has = (bin) => spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`[runnel] Node ${process.versions.node} is too old: install Node 20.19 or newer`);
  process.exit(1);
}

// System packages: bubblewrap and slirp4netns sandbox every job; nats-server only when we start our own.
const needed = [
  ['bwrap', 'bubblewrap'],
  ['slirp4netns', 'slirp4netns'],
  ...(process.env.NATS_URL ? [] : [['nats-server', 'nats-server']]),
].filter(([bin]) => !has(bin) && !existsSync(`/usr/sbin/${bin}`));
if (needed.length) {
  const pkgs = needed.map(([, pkg]) => pkg);
  const isRoot = process.getuid?.() === 0;
  if (isRoot && has('apt-get')) {
    say(`installing ${pkgs.join(', ')} with apt-get`);
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', ...pkgs], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } else {
    console.error(`[runnel] missing ${pkgs.join(', ')}. Install them, then run npm run up again:`);
    console.error(`  sudo apt-get install -y ${pkgs.join(' ')}`);
    process.exit(1);
  }
}

if (!existsSync(join(root, 'node_modules', '@nestjs', 'core'))) {
  say('installing npm dependencies');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}
say('building');
run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', 'server', 'worker']);

await import('./all-in-one.mjs');
