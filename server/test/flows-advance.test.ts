import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { json, startHarness, until, type Harness } from './harness.js';

const bash = (content: string) => ({ type: 'rawscript', language: 'bash', content, input_transforms: {} });

describe('step results advance their flows independently', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await h.startWorker({ WORKER_CONCURRENCY: '2' });
  });
  after(async () => h?.close());

  const start = async (path: string): Promise<string> => {
    const res = await h.api(`/api/w/main/jobs/run/f/${path}`, { method: 'POST', json: {} });
    assert.equal(res.status, 201, await res.clone().text());
    return res.text();
  };

  it('a flow whose row another transaction holds locked holds up no other flow', async () => {
    for (const [path, content] of [
      ['f/adv/slow', 'sleep 1; echo slow'],
      ['f/adv/quick', 'echo quick'],
    ]) {
      const res = await h.api('/api/w/main/flows/create', {
        method: 'POST',
        json: { path, summary: path, value: { modules: [{ id: 'a', value: bash(content!) }] } },
      });
      assert.ok(res.status === 201 || res.status === 200, await res.text());
    }
    const db = h.server.app.get(DataSource);
    const slow = await start('f/adv/slow');
    // A long transaction (a backup, an operator's psql) holds the first flow's row.
    const locker = new pg.Client({ connectionString: h.databaseUrl });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('SELECT id FROM job WHERE id = $1 FOR UPDATE', [slow]);
      // Its step's result is stored; handing it to the flow now waits for the lock.
      await until(async () => {
        const [step] = await db.query(`SELECT status FROM job WHERE parent_job = $1`, [slow]);
        return step?.status === 'success' ? true : undefined;
      });
      const quick = await h.waitJob(await start('f/adv/quick'), 20_000);
      assert.equal(quick.status, 'success', JSON.stringify(quick.result));
      assert.equal(quick.result, 'quick');
      assert.equal((await json(h.api(`/api/w/main/jobs_u/get/${slow}`))).status, 'running');
    } finally {
      await locker.query('ROLLBACK').catch(() => {});
      await locker.end();
    }
    const done = await h.waitJob(slow);
    assert.equal(done.status, 'success', JSON.stringify(done.result));
    assert.equal(done.result, 'slow');
  });
});
