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

const asRoot = process.getuid?.() === 0;
if (!asRoot) {
  // The rootless sandbox (ADR 0021) starts the worker as root of a user namespace of its own.
  const probe = spawnSync('unshare', ['--user', '--map-root-user', '--mount', 'true'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    console.error(
      `[runnel] not root, and this machine refuses unprivileged user namespaces (${(probe.stderr || probe.error?.message || '').trim()}).`,
    );
    console.error('  Jobs then cannot be sandboxed without root. Either allow them:');
    console.error('    sudo sysctl -w kernel.unprivileged_userns_clone=1   (where that setting exists)');
    console.error('    sudo sysctl -w user.max_user_namespaces=10000');
    console.error('  or run as root, from any directory:');
    console.error(`    sudo npm --prefix ${root.replace(/\/$/, '')} run up`);
    process.exit(1);
  }
  say(
    'not root: jobs run in the rootless sandbox, with weaker limits (the worker says which; sudo npm run up for all)',
  );
}

const has = (bin) => spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`[runnel] Node ${process.versions.node} is too old: install Node 20.19 or newer`);
  process.exit(1);
}

// System packages: bubblewrap and slirp4netns sandbox every job, ip keeps `outbound` jobs off the
// host's addresses, mkfs.ext4 makes each job slot's disk (as root; rootless, a tmpfs is the disk);
// nats-server only when we start our own; pip locks and installs Python scripts' packages, with the
// interpreter jobs run (docs/adr/0035-script-dependencies.md).
const needed = [
  ['bwrap', 'bubblewrap'],
  ['slirp4netns', 'slirp4netns'],
  ['ip', 'iproute2'],
  ...(asRoot ? [['mkfs.ext4', 'e2fsprogs']] : []),
  ...(process.env.NATS_URL ? [] : [['nats-server', 'nats-server']]),
].filter(([bin]) => !has(bin) && !existsSync(`/usr/sbin/${bin}`));
const hasPip = spawnSync('/usr/bin/python3', ['-m', 'pip', '--version'], { stdio: 'ignore' }).status === 0;
if (!hasPip) needed.push(['pip', 'python3-pip']);
if (needed.length) {
  const pkgs = needed.map(([, pkg]) => pkg);
  if (asRoot && has('apt-get')) {
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
// The browser app: built once here; `npm run build` rebuilds it after a change.
if (!existsSync(join(root, 'frontend', 'build', 'index.html')))
  run('npm', ['run', 'build', '--silent', '-w', 'frontend']);

await import('./all-in-one.mjs');
