import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadWorkerConfig } from '../src/index.js';
import { identity, sandboxMode, userNamespaceArgv, type Identity } from '../src/sandboxes/index.js';

const ROOT: Identity = { realRoot: true, namespaceRoot: false, hostUid: 0 };
const USER: Identity = { realRoot: false, namespaceRoot: false, hostUid: 1000 };
const NAMESPACE_ROOT: Identity = { realRoot: false, namespaceRoot: true, hostUid: 1000 };

describe('WORKER_SANDBOX_MODE', () => {
  it('defaults to root as root, rootless otherwise (a user namespace of its own included)', () => {
    assert.equal(sandboxMode(undefined, ROOT), 'root');
    assert.equal(sandboxMode('', USER), 'rootless');
    assert.equal(sandboxMode('auto', NAMESPACE_ROOT), 'rootless');
  });

  it('takes what it is asked for when it can be had, and names the variable when not', () => {
    assert.equal(sandboxMode('root', ROOT), 'root');
    assert.equal(sandboxMode('rootless', USER), 'rootless');
    assert.throws(
      () => sandboxMode('root', NAMESPACE_ROOT),
      /WORKER_SANDBOX_MODE=root needs the worker to run as root/,
    );
    assert.throws(() => sandboxMode('rootless', ROOT), /WORKER_SANDBOX_MODE=rootless is for a worker that is not root/);
    assert.throws(
      () => sandboxMode('nobody', USER),
      /WORKER_SANDBOX_MODE must be root, rootless or auto, got "nobody"/,
    );
  });

  it("is part of the worker's configuration", () => {
    // The tests run as root.
    assert.equal(identity().realRoot, true);
    assert.equal(loadWorkerConfig({}).sandboxMode, 'root');
    assert.throws(() => loadWorkerConfig({ WORKER_SANDBOX_MODE: 'rootless' }), /is for a worker that is not root/);
  });

  it('a rootless worker starts as root of a user and mount namespace of its own', () => {
    const argv = userNamespaceArgv(['/usr/bin/node', 'main.js']);
    assert.deepEqual(argv.slice(0, 7), [
      '/usr/bin/unshare',
      '--user',
      '--map-root-user',
      '--mount',
      '--propagation',
      'private',
      '--',
    ]);
    assert.deepEqual(argv.slice(-2), ['/usr/bin/node', 'main.js']);
  });
});
