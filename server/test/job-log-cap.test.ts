import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHarness, type Harness } from './harness.js';

describe("a worker's log cap (WORKER_LOG_MAX_BYTES)", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await h.startWorker({ WORKER_LOG_MAX_BYTES: '4096' });
  });
  after(async () => {
    await h?.close();
  });

  it('keeps the first WORKER_LOG_MAX_BYTES of a job’s output, says so, and the job still succeeds', async () => {
    await h.deploy(
      'f/cap/chatty',
      'bash',
      'for i in $(seq 1 200); do printf "line %03d %s\\n" $i $(printf "x%.0s" $(seq 1 90)); done\necho done',
    );
    const res = await h.api('/api/w/main/jobs/run/p/f/cap/chatty', { method: 'POST', json: {} });
    const id = (await res.text()).replace(/"/g, '');
    const job = await h.waitJob(id);
    assert.equal(job.status, 'success');
    const logs = await (await h.api(`/api/w/main/jobs_u/get_logs/${id}`)).text();
    assert.match(logs, /\[runnel\] log truncated: the job wrote more than 4096 bytes; the rest is not kept/);
    const kept = logs.split('[runnel] log truncated')[0]!;
    assert.ok(kept.length <= 4096 && kept.length > 3900, `kept ${kept.length} bytes`);
    assert.match(kept, /^line 001 x{90}\n/);
    assert.doesNotMatch(logs, /line 200/);
  });
});
