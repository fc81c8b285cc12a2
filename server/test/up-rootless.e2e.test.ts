import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  assertSecretsWork,
  checkout,
  cleanEnv,
  freePorts,
  runBashAndBun,
  startUp,
  UpSession,
  type Up,
} from './up-helpers.js';

// `npm run up` as a user who is not root (issue 10: "cloned anywhere, as root or not"): a user
// made for the test owns a fresh clone and starts it; the worker runs its rootless sandbox.

/** Processes of `uid`, by pid (the test's own user: nothing else runs as it). */
/** A process's command line, for messages ('' once it is gone). */
function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return '';
  }
}

function processesOf(uid: number): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const status = readFileSync(`/proc/${name}/status`, 'utf8');
      if (Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]) === uid && !/^State:\s+Z/m.test(status)) pids.push(Number(name));
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}

describe('npm run up as a user who is not root', () => {
  const session = new UpSession();
  const user = `runnel-e2e-${randomBytes(3).toString('hex')}`;
  let uid: number | undefined;
  let up: Up | undefined;

  after(async () => {
    await up?.stop().catch(() => {});
    if (uid !== undefined) {
      for (const pid of processesOf(uid)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Gone.
        }
      }
      rmSync(join(tmpdir(), `runnel-jobs-${uid}`), { recursive: true, force: true });
      execFileSync('userdel', [user]);
    }
    await session.cleanUp();
  });

  it('starts, warns once of the limits it does not enforce, and runs bash and bun jobs, secrets through the SDK and $var:', async () => {
    // Under a directory the user owns; the checkout itself may be where it can't go (/root, CI's).
    const parent = session.tempDir('/tmp', 'runnel-rootless-up-');
    chmodSync(parent, 0o755);
    const home = join(parent, 'home');
    execFileSync('useradd', [
      '--system',
      '--user-group',
      '--no-create-home',
      '--home-dir',
      home,
      '--shell',
      '/usr/sbin/nologin',
      user,
    ]);
    uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
    const clone = join(parent, 'x');
    execFileSync('git', ['clone', '-q', checkout, clone]);
    mkdirSync(join(clone, 'node_modules'));
    // Vite writes its bundled config into the nearest node_modules: the app's own, as ours are read-only here.
    mkdirSync(join(clone, 'frontend', 'node_modules'));
    mkdirSync(home);
    execFileSync('chown', ['-R', `${uid}:${gid}`, clone, home]);
    chownSync(parent, uid, gid);
    const token = 'e2e-rootless-token';
    // Its node_modules are ours, bound read-only in a mount namespace of its own (a copy would take
    // long, hard links fail across file systems); the host sees the clone's empty folder.
    const ports = await freePorts(3);
    up = await startUp(
      [
        'unshare',
        '--mount',
        '--propagation',
        'private',
        '--',
        'sh',
        '-c',
        'mount --bind -o ro "$1" "$2" && shift 2 && exec "$@"',
        'sh',
        join(checkout, 'node_modules'),
        join(clone, 'node_modules'),
        'setpriv',
        `--reuid=${uid}`,
        `--regid=${gid}`,
        '--clear-groups',
        '--',
        'npm',
        '--prefix',
        clone,
        'run',
        'up',
      ],
      {
        cwd: '/',
        env: cleanEnv({
          HOME: home,
          USER: user,
          LOGNAME: user,
          PORT: String(ports[0]),
          RUNNEL_PG_PORT: String(ports[1]),
          RUNNEL_NATS_PORT: String(ports[2]),
          RUNNEL_BOOTSTRAP_TOKEN: token,
        }),
      },
    );
    await runBashAndBun(up.url, token);
    // The job's socket and the SDK's mounts, with every job as the user's uid.
    await assertSecretsWork(up, join(clone, '.runnel'), token);
    const running = up;
    up = undefined;
    await running.stop();
    // What it said, the worker's start-up (after the URL) included.
    const output = running.output();
    assert.match(output, /\[runnel\] not root: jobs run in the rootless sandbox/);
    assert.match(output, /worker \S+: serving .* limits by rootless, every job as this uid: /);
    const warnings = output.match(/warning: rootless sandbox \(the worker is not root\)/g) ?? [];
    assert.equal(warnings.length, 1, output);
    assert.match(output, new RegExp(`every job runs as uid ${uid}`));
    assert.match(output, /not enforced: memory of a job as a whole/);
    // PostgreSQL and the data directory are the user's, in the clone.
    assert.match(output, new RegExp(`embedded PostgreSQL in ${clone}/\\.runnel/pg`));
    // PostgreSQL may take a moment after npm's own end (its shutdown checkpoint, longer on a busy machine).
    for (let waited = 0; processesOf(uid).length > 0 && waited < 20_000; waited += 200) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const left = processesOf(uid).map((pid) => `${pid}: ${commandOf(pid)}`);
    assert.deepEqual(left, [], 'nothing of the user is left running');
  });
});
