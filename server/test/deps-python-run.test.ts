import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildWheels, DEMO_WHEELS } from '@runnel/runtimes/test/wheels';
import { json, startHarness, type Harness } from './harness.js';

/**
 * End to end for Python (ADR 0035): packages come from a folder of wheels this test builds (no
 * index is reachable here), the server locks at deploy, a worker installs the lock and runs.
 */
describe('Python script dependencies from a wheel folder, deployed and run', () => {
  let h: Harness;
  let wheels: string;
  before(async () => {
    wheels = mkdtempSync(join(tmpdir(), 'runnel-wheels-'));
    buildWheels(wheels, DEMO_WHEELS);
    const sources = { RUNNEL_PIP_FIND_LINKS: wheels };
    h = await startHarness(sources);
    await h.startWorker(sources);
  });
  after(async () => {
    await h?.close();
    rmSync(wheels, { recursive: true, force: true });
  });

  const lockOf = async (path: string) =>
    ((await json(h.api(`/api/w/main/scripts/get/p/${path}`))) as { lock: string | null }).lock;
  const run = async (path: string) => {
    const res = await h.api(`/api/w/main/jobs/run_wait_result/p/${path}`, { method: 'POST', json: {} });
    assert.equal(res.status, 200, await res.clone().text());
    return json(res);
  };

  it('locks the imported package and what it needs at deploy; a worker installs the lock and runs', async () => {
    await h.deploy('f/deps/py', 'python3', 'import runnel_demo_a\n\ndef main():\n    return runnel_demo_a.VERSION\n');
    assert.equal(await lockOf('f/deps/py'), 'runnel-demo-a==1.0\nrunnel-demo-b==2.0\n');
    assert.equal(await run('f/deps/py'), 'a1+b2.0');
  });

  it('lets a # requirements: block pin a version instead of the newest', async () => {
    await h.deploy(
      'f/deps/py_pinned',
      'python3',
      '# requirements:\n#runnel-demo-a\n#runnel-demo-b==1.0\nimport runnel_demo_a\n\ndef main():\n    return runnel_demo_a.VERSION\n',
    );
    assert.equal(await lockOf('f/deps/py_pinned'), 'runnel-demo-a==1.0\nrunnel-demo-b==1.0\n');
    assert.equal(await run('f/deps/py_pinned'), 'a1+b1.0');
  });

  it('refuses a deploy importing a package the folder does not have, naming it', async () => {
    const res = await h.api('/api/w/main/scripts/create', {
      method: 'POST',
      json: {
        path: 'f/deps/py_missing',
        language: 'python3',
        content: 'import runnel_demo_zzz\n\ndef main():\n    return 1\n',
      },
    });
    assert.equal(res.status, 400);
    assert.match(((await res.json()) as { error: { message: string } }).error.message, /runnel.demo.zzz/i);
    assert.equal((await h.api('/api/w/main/scripts/get/p/f/deps/py_missing')).status, 404, 'nothing stored');
  });
});
