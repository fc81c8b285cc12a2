import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { FlowOrchestrator } from '../src/flows/flow-orchestrator.js';
import { TOKEN, json, startHarness, until, type Harness } from './harness.js';

const bash = (content: string) => ({ type: 'rawscript', language: 'bash', content, input_transforms: {} });

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('a flow survives crashes', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h?.close());

  const at = (url: string, path: string, body?: unknown) =>
    fetch(url + path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('a server killed with SIGKILL in the middle of a sleep: a new server finishes the flow, no step twice', async () => {
    await h.startWorker({ WORKER_CONCURRENCY: '2' });
    await h.stopServer();
    const { child, url } = await h.spawnServer();
    const created = await at(url, '/api/w/main/flows/create', {
      path: 'f/crash/nap',
      summary: 'nap',
      value: {
        modules: [
          { id: 'a', value: bash('echo before'), sleep: { type: 'static', value: 2 } },
          { id: 'b', value: bash('echo after') },
        ],
      },
    });
    assert.equal(created.status, 201, await created.text());
    const id = await (await at(url, '/api/w/main/jobs/run/f/f/crash/nap', {})).text();
    await until(async () => {
      const job = await json(at(url, `/api/w/main/jobs_u/get/${id}`));
      return job.flow_status?.modules[0].status === 'success' ? job : undefined;
    });
    await killed(child);
    await h.startServer();
    const job = await h.waitJob(id, 20_000);
    assert.equal(job.status, 'success');
    assert.equal(job.result, 'after');
    const steps = await json(h.api(`/api/w/main/jobs/list?parent_job=${id}`));
    assert.deepEqual(steps.map((s: { flow_step_id: string }) => s.flow_step_id).sort(), ['a', 'b']);
  });

  it('a step result stored while its flow never heard of it is handed over by recover()', async () => {
    const res = await h.api('/api/w/main/flows/create', {
      method: 'POST',
      json: {
        path: 'f/crash/recover',
        summary: 'recover',
        value: {
          modules: [
            { id: 'a', value: bash('sleep 30') },
            { id: 'b', value: bash('echo after') },
          ],
        },
      },
    });
    assert.equal(res.status, 201, await res.text());
    const id = await (await h.api('/api/w/main/jobs/run/f/f/crash/recover', { method: 'POST', json: {} })).text();
    const step = await until(async () => (await json(h.api(`/api/w/main/jobs/list?parent_job=${id}`)))[0]);
    // As a server leaves it that stored the result and died before the flow was told.
    const db = h.server.app.get(DataSource);
    await db.query(`UPDATE job SET status = 'success', result = '"early"', completed_at = now() WHERE id = $1`, [
      step.id,
    ]);
    const orchestrator = h.server.app.get(FlowOrchestrator);
    assert.equal(await orchestrator.recover(), 1);
    const job = await h.waitJob(id, 20_000);
    assert.equal(job.status, 'success');
    assert.equal(job.result, 'after');
    assert.equal(await orchestrator.recover(), 0, 'nothing is handed over twice');
  });

  it('a worker killed mid-step: attempt 2 on another worker, one step job, the flow goes on', async () => {
    const env = { RUNNEL_ACK_WAIT_MS: '2000', WORKER_CONCURRENCY: '1', WORKER_GROUPS: 'crashy' };
    const doomed = h.spawnWorker({ ...env, WORKER_NAME: 'doomed' });
    const res = await h.api('/api/w/main/flows/create', {
      method: 'POST',
      json: {
        path: 'f/crash/slowstep',
        summary: 'slow step',
        value: {
          modules: [
            { id: 'slow', value: { ...bash('echo starting\nsleep 2\necho slow-done'), tag: 'crashy' } },
            { id: 'next', value: { ...bash('echo "next after $1"'), input_transforms: {} } },
          ],
        },
      },
    });
    assert.equal(res.status, 201, await res.text());
    const id = await (await h.api('/api/w/main/jobs/run/f/f/crash/slowstep', { method: 'POST', json: {} })).text();
    const step = await until(async () => {
      const steps = await json(h.api(`/api/w/main/jobs/list?parent_job=${id}`));
      return steps[0]?.status === 'running' && steps[0].worker === 'doomed' ? steps[0] : undefined;
    });
    await killed(doomed);
    h.spawnWorker({ ...env, WORKER_NAME: 'survivor' });
    const job = await h.waitJob(id, 30_000);
    assert.equal(job.status, 'success', JSON.stringify(job.result));
    const steps = await json(h.api(`/api/w/main/jobs/list?parent_job=${id}`));
    const slow = steps.filter((s: { flow_step_id: string }) => s.flow_step_id === 'slow');
    assert.equal(slow.length, 1, 'a redelivered step is the same job');
    assert.equal(slow[0].id, step.id);
    assert.equal(slow[0].attempts, 2);
    assert.equal(slow[0].worker, 'survivor');
    assert.equal(slow[0].result, 'slow-done');
    assert.equal(steps.filter((s: { flow_step_id: string }) => s.flow_step_id === 'next').length, 1);
  });
});
