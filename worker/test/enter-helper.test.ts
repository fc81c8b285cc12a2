import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { enterHelper } from '../src/sandboxes/sandbox-start.js';

/**
 * worker/native/runnel-enter.c, built by `npm run build`: what a root-mode worker starts every
 * job's bwrap through (rlimits, the slot's uid and network, then bwrap, in one exec).
 */
describe('the enter helper', () => {
  const helper = enterHelper(false);

  it('is built, and a root-mode worker uses it (rootless, never)', () => {
    assert.ok(helper, 'npm run build compiles worker/native/runnel-enter.c (a C compiler is installed by .ci/run)');
    assert.equal(enterHelper(true), undefined);
  });

  it('sets the rlimits, drops to the uid and its gid with no other group, then becomes the program', () => {
    const run = spawnSync(
      helper!,
      [
        '--ids',
        '65534',
        '--limit',
        'CPU=5:6',
        '--limit',
        'FSIZE=4096:4096',
        '--',
        '/bin/sh',
        '-c',
        'id -u; id -G; ulimit -St; ulimit -Ht; ulimit -Hf',
      ],
      { encoding: 'utf8' },
    );
    assert.equal(run.status, 0, run.stderr);
    // /bin/sh is dash, whose ulimit -f counts 512-byte blocks.
    assert.deepEqual(run.stdout.trim().split('\n'), ['65534', '65534', '5', '6', '8']);
  });

  it('the job cannot raise a hard limit it was given', () => {
    const run = spawnSync(helper!, ['--ids', '65534', '--limit', 'CPU=5:6', '--', '/bin/sh', '-c', 'ulimit -Ht 7'], {
      encoding: 'utf8',
    });
    assert.notEqual(run.status, 0);
  });

  it('refuses what it does not understand, saying what, before running anything', () => {
    for (const args of [
      ['--limit', 'NOPE=1:2', '--', '/bin/echo', 'ran'],
      ['--limit', 'CPU=1', '--', '/bin/echo', 'ran'],
      ['--ids', 'root', '--', '/bin/echo', 'ran'],
      ['--what', 'x', '--', '/bin/echo', 'ran'],
      ['--ids', '65534'],
      ['--net', '/nonexistent', '--', '/bin/echo', 'ran'],
    ]) {
      const run = spawnSync(helper!, args, { encoding: 'utf8' });
      assert.equal(run.status, 127, `${args.join(' ')}: ${run.stdout}${run.stderr}`);
      assert.equal(run.stdout, '', args.join(' '));
      assert.match(run.stderr, /^runnel-enter: /, args.join(' '));
    }
  });
});
