import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { JobPublisher } from '../src/jobs/job-publisher.js';
import { json, startHarness, type Harness } from './harness.js';

/** Jobs that cannot fit in one NATS message (max_payload, 1 MiB by default) are refused, never left queued. */
describe('payload limits', () => {
  let h: Harness;
  let db: DataSource;
  let limit: number;
  before(async () => {
    // Relay only when the test says so.
    h = await startHarness({ RUNNEL_RELAY_INTERVAL_MS: '0' });
    await h.startWorker();
    db = h.server.app.get(DataSource);
    limit = h.server.app.get(JobPublisher).maxPayload();
  });
  after(async () => h?.close());

  const jobCount = async () => Number((await db.query('SELECT count(*) AS n FROM job'))[0].n);

  it('refuses to deploy a script larger than a job message can carry, naming the limit', async () => {
    const content = `# ${'x'.repeat(limit)}\necho hi`;
    const res = await h.api('/api/w/main/scripts/create', {
      method: 'POST',
      json: { path: 'f/limits/huge', language: 'bash', content },
    });
    assert.equal(res.status, 413);
    const body = await json(res);
    assert.equal(body.error.code, 'payload_too_large');
    assert.match(body.error.message, new RegExp(`max_payload of ${limit} bytes`));
    assert.equal((await h.api('/api/w/main/scripts/get/p/f/limits/huge')).status, 404);
  });

  it('refuses arguments one byte over the limit and runs them at the limit', async () => {
    await h.deploy('f/limits/len', 'python3', 'def main(x: str):\n    return len(x)');
    const run = (n: number) =>
      h.api('/api/w/main/jobs/run/p/f/limits/len', { method: 'POST', json: { x: 'a'.repeat(n) } });
    const probe = await run(limit);
    assert.equal(probe.status, 413);
    const { error } = await json(probe);
    assert.match(error.message, new RegExp(`over NATS's max_payload of ${limit} bytes`));
    const fits = limit - (error.details.size - limit);
    const before = await jobCount();
    const over = await run(fits + 1);
    assert.equal(over.status, 413, await over.clone().text());
    assert.equal((await json(over)).error.details.size, limit + 1);
    // The same refusal on the other entry points that start a script.
    const webhook = await h.api('/api/w/main/jobs/run_wait_result/p/f/limits/len', {
      method: 'POST',
      json: { x: 'a'.repeat(fits + 1) },
    });
    assert.equal(webhook.status, 413);
    const gql = await json(
      h.api('/graphql', {
        method: 'POST',
        json: {
          query: 'mutation ($args: JSON) { runScript(workspace: "main", path: "f/limits/len", args: $args) { id } }',
          variables: { args: { x: 'a'.repeat(fits + 1) } },
        },
      }),
    );
    assert.equal(gql.errors?.[0]?.extensions?.reason, 'payload_too_large', JSON.stringify(gql.errors));
    const schedule = await h.api('/api/w/main/schedules/create', {
      method: 'POST',
      json: {
        path: 'f/limits/every_minute',
        schedule: '0 * * * * *',
        timezone: 'UTC',
        script_path: 'f/limits/len',
        is_flow: false,
        args: { x: 'a'.repeat(fits + 1) },
        enabled: true,
      },
    });
    assert.equal(schedule.status, 413, await schedule.clone().text());
    assert.match((await json(schedule)).error.message, /^this schedule's job would be a job message/);
    assert.equal(await jobCount(), before, 'a refused job stores nothing');
    const ok = await run(fits);
    assert.equal(ok.status, 201, await ok.clone().text());
    const job = await h.waitJob(await ok.text());
    assert.equal(job.status, 'success');
    assert.equal(job.result, fits);
  });

  it('fails a result one message cannot carry with ResultTooLarge at once, and returns one that fits', async () => {
    // A result the worker cannot send used to end its attempt unreported, three times over, and
    // the job then failed with "no worker completed the job".
    await h.deploy('f/limits/result', 'python3', 'def main(n: int):\n    print("some output")\n    return "r" * n');
    const run = async (n: number) => {
      const res = await h.api('/api/w/main/jobs/run/p/f/limits/result', { method: 'POST', json: { n } });
      assert.equal(res.status, 201);
      return h.waitJob(await res.text());
    };
    const big = await run(limit + 10);
    assert.equal(big.status, 'failure');
    assert.equal(big.attempts, 1, 'failed at once, not retried');
    const error = (big.result as { error: { name: string; message: string } }).error;
    assert.equal(error.name, 'ResultTooLarge');
    assert.match(error.message, /max_payload/);
    const logs = await (await h.api(`/api/w/main/jobs_u/get_logs/${big.id}`)).text();
    assert.match(logs, /some output/, 'the output is kept');
    const small = await run(limit - 64 * 1024);
    assert.equal(small.status, 'success');
    assert.equal((small.result as string).length, limit - 64 * 1024);
  });

  it('fails a flow step whose arguments cannot fit, and the flow with it', async () => {
    const res = await h.api('/api/w/main/flows/create', {
      method: 'POST',
      json: {
        path: 'f/limits/flow',
        summary: 's',
        value: {
          modules: [
            {
              id: 'a',
              value: {
                type: 'rawscript',
                language: 'python3',
                content: 'def main(x: str):\n    return len(x)',
                // A static value: an expression's result has a size limit of its own.
                input_transforms: { x: { type: 'static', value: 'a'.repeat(limit) } },
              },
            },
          ],
        },
      },
    });
    assert.equal(res.status, 201, await res.clone().text());
    const run = await h.api('/api/w/main/jobs/run_wait_result/f/f/limits/flow', {
      method: 'POST',
      json: {},
    });
    assert.equal(run.status, 422);
    const body = await json(run);
    assert.equal(body.error.name, 'PayloadTooLarge', JSON.stringify(body));
    assert.match(body.error.message, /step a: .*max_payload/);
  });

  it('refuses to deploy or preview a flow whose inline script cannot fit, naming the module', async () => {
    const value = {
      modules: [
        {
          id: 'a',
          value: { type: 'rawscript', language: 'bash', content: `# ${'x'.repeat(limit)}`, input_transforms: {} },
        },
      ],
    };
    const before = await jobCount();
    const res = await h.api('/api/w/main/flows/create', {
      method: 'POST',
      json: { path: 'f/limits/bigflow', summary: 's', value },
    });
    assert.equal(res.status, 413);
    assert.match((await json(res)).error.message, /^value\.modules\[0\] .*max_payload/);
    // An unsaved flow too: else it is queued, and fails only when the step starts.
    const preview = await h.api('/api/w/main/jobs/run/preview_flow', { method: 'POST', json: { value, args: {} } });
    assert.equal(preview.status, 413, await preview.clone().text());
    assert.match((await json(preview)).error.message, /^value\.modules\[0\] .*max_payload/);
    assert.equal(await jobCount(), before, 'a refused flow stores no job');
  });

  it('the relay fails a stored row that can never be published, once, and publishes the others', async () => {
    const hash = await h.deploy('f/limits/echo', 'python3', 'def main(x: str):\n    return len(x)');
    // Rows as a server before this check (or under a larger max_payload) left them.
    const insert = (x: string) =>
      db.query(
        `INSERT INTO job (id, workspace_id, script_path, script_hash, language, args, tag, timeout_s, status, created_at)
         VALUES (gen_random_uuid(), 'main', 'f/limits/echo', $1, 'python3', $2, 'default', 60, 'queued',
           now() - interval '10 seconds')
         RETURNING id`,
        [hash, JSON.stringify({ x })],
      ) as Promise<{ id: string }[]>;
    const [[big], [small]] = [await insert('a'.repeat(limit)), await insert('abc')];
    const publisher = h.server.app.get(JobPublisher);
    assert.equal(await publisher.relay(), 1);
    const failed = await h.waitJob(big!.id);
    assert.equal(failed.status, 'failure');
    const error = (failed.result as { error: { name: string; message: string } }).error;
    assert.equal(error.name, 'PayloadTooLarge');
    assert.match(error.message, new RegExp(`max_payload of ${limit} bytes`));
    const ran = await h.waitJob(small!.id);
    assert.equal(ran.status, 'success');
    assert.equal(ran.result, 3);
    // Neither is read again.
    const [{ n }] = await db.query(`SELECT count(*) AS n FROM job WHERE status = 'queued' AND published_at IS NULL`);
    assert.equal(Number(n), 0);
    assert.equal(await publisher.relay(), 0);
  });
});
