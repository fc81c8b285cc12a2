import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startHarness, type Harness } from './harness.js';

/**
 * A job whose references get no answer (no server answers the job API) is the platform's
 * trouble, not the job's: the attempt goes back to the queue, and runs once a server is back.
 */
describe('resolving references while no server answers', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ RUNNEL_MASTER_KEY: randomBytes(32).toString('base64') });
  });
  after(async () => h?.close());

  it('retries the attempt instead of failing the job', async () => {
    const created = await h.api('/api/w/main/variables/create', {
      method: 'POST',
      json: { path: 'f/retry/v', value: 'back again', is_secret: false },
    });
    assert.equal(created.status, 201);
    await h.deploy('f/retry/echo', 'bash', 's="$1"\necho "$s"');
    const queued = await h.api('/api/w/main/jobs/run/p/f/retry/echo', {
      method: 'POST',
      json: { s: '$var:f/retry/v' },
    });
    assert.equal(queued.status, 201);
    const id = await queued.text();
    await h.stopServer();
    // Each attempt meets "no responders" at once and is handed back after 1 s; two fail so.
    await h.startWorker({ RUNNEL_MAX_DELIVER: '10' });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await h.startServer();
    const job = await h.waitJob(id);
    assert.equal(job.status, 'success', JSON.stringify(job.result));
    assert.equal(job.result, 'back again');
    assert.ok((job.attempts as number) >= 2, `attempts: ${job.attempts}`);
  });
});
