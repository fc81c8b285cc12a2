import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { createRunnelClient, openapiDocumentPath, type RunnelClient, type RunnelSchemas } from '@runnel/api-contract';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { TOKEN, startHarness, type Harness } from './harness.js';

type Job = RunnelSchemas['Job'];

/** Checks answers against the document's component schemas: the contract and the views agree. */
const ajv = new Ajv({ strict: false, allErrors: true });
(addFormats as unknown as (a: Ajv) => void)(ajv);
ajv.addSchema(JSON.parse(readFileSync(openapiDocumentPath, 'utf8')) as object, 'openapi.json');

function conforms(schema: keyof RunnelSchemas, value: unknown, list = false): void {
  const validate = ajv.getSchema(`openapi.json#/components/schemas/${schema}`)!;
  for (const item of list ? (value as unknown[]) : [value]) {
    assert.ok(validate(item), `${schema}: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(item)}`);
  }
}

const ws = { workspace: 'main' };

describe('the generated REST client, end to end', () => {
  let h: Harness;
  let api: RunnelClient;
  before(async () => {
    h = await startHarness();
    await h.startWorker({ WORKER_GROUPS: 'default', WORKER_CONCURRENCY: '2' });
    api = createRunnelClient(h.url, TOKEN);
  });
  after(async () => h?.close());

  async function waitJob(id: string): Promise<Job> {
    for (let i = 0; i < 600; i++) {
      const { data } = await api.GET('/api/w/{workspace}/jobs_u/get/{id}', { params: { path: { ...ws, id } } });
      if (data && ['success', 'failure', 'canceled'].includes(data.status)) return data;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`job ${id} did not finish`);
  }

  it('answers health and version without a token', async () => {
    const anonymous = createRunnelClient(h.url);
    const { data: health } = await anonymous.GET('/api/health');
    assert.deepEqual(health, { status: 'ok' });
    const { data: version } = await anonymous.GET('/api/version', { parseAs: 'text' });
    assert.match(String(version), /^v1\.\d+\.\d+ \(runnel \d+\.\d+\.\d+\)$/);
    const { error, response } = await anonymous.GET('/api/w/{workspace}/scripts/list', { params: { path: ws } });
    assert.equal(response.status, 401);
    assert.equal(error?.error.code, 'unauthorized');
  });

  it('deploys a script and reads it by path (slashes kept) and by hash', async () => {
    const content = 'export async function main(name: string, times = 2) { return name.repeat(times) }';
    const created = await api.POST('/api/w/{workspace}/scripts/create', {
      params: { path: ws },
      body: { path: 'f/client/hello', language: 'bun', content, summary: 'Hello' },
      parseAs: 'text',
    });
    assert.equal(created.response.status, 201);
    const hash = created.data!;
    assert.match(hash, /^[0-9a-f]{16}$/);

    const byPath = await api.GET('/api/w/{workspace}/scripts/get/p/{path}', {
      params: { path: { ...ws, path: 'f/client/hello' } },
    });
    assert.equal(byPath.data?.hash, hash);
    assert.equal(byPath.data?.summary, 'Hello');
    assert.deepEqual(byPath.data?.schema.required, ['name']);
    conforms('Script', byPath.data);

    const byHash = await api.GET('/api/w/{workspace}/scripts/get/h/{hash}', { params: { path: { ...ws, hash } } });
    assert.equal(byHash.data?.content, content);

    const list = await api.GET('/api/w/{workspace}/scripts/list', { params: { path: ws } });
    assert.ok(list.data?.some((s) => s.path === 'f/client/hello'));
    conforms('Script', list.data, true);

    const missing = await api.GET('/api/w/{workspace}/scripts/get/p/{path}', {
      params: { path: { ...ws, path: 'f/client/none' } },
    });
    assert.equal(missing.response.status, 404);
    assert.equal(missing.error?.error.code, 'not_found');
    conforms('Error', missing.error);
  });

  it('answers a bad body with a typed 400 naming each field', async () => {
    const { error, response } = await api.POST('/api/w/{workspace}/scripts/create', {
      params: { path: ws },
      // @ts-expect-error: the client's types already refuse what the server refuses
      body: { path: 'f/client/bad', language: 'cobol' },
      parseAs: 'text',
    });
    assert.equal(response.status, 400);
    assert.equal(error?.error.code, 'bad_request');
    assert.match(error.error.message, /language must be one of/);
    assert.match(error.error.message, /content is required/);
    assert.deepEqual(
      (error.error.details as { field: string }[]).map((d) => d.field),
      ['content', 'language'],
    );
  });

  it('runs a script synchronously and asynchronously, then reads the job, result and logs', async () => {
    await api.POST('/api/w/{workspace}/scripts/create', {
      params: { path: ws },
      body: {
        path: 'f/client/py',
        language: 'python3',
        content: 'def main(x: str):\n    print("on", x)\n    return x.upper()',
      },
      parseAs: 'text',
    });
    const sync = await api.POST('/api/w/{workspace}/jobs/run_wait_result/p/{path}', {
      params: { path: { ...ws, path: 'f/client/py' } },
      body: { x: 'sync' },
    });
    assert.equal(sync.response.status, 200);
    assert.equal(sync.data, 'SYNC');

    const queued = await api.POST('/api/w/{workspace}/jobs/run/p/{path}', {
      params: { path: { ...ws, path: 'f/client/py' } },
      body: { x: 'abc' },
      parseAs: 'text',
    });
    assert.equal(queued.response.status, 201);
    const job = await waitJob(queued.data!);
    assert.equal(job.status, 'success');
    assert.equal(job.result, 'ABC');
    assert.deepEqual(job.args, { x: 'abc' });
    assert.equal(job.script_path, 'f/client/py');
    conforms('Job', job);

    const params = { path: { ...ws, id: job.id } };
    const result = await api.GET('/api/w/{workspace}/jobs_u/completed/get_result/{id}', { params });
    assert.equal(result.data, 'ABC');
    const logs = await api.GET('/api/w/{workspace}/jobs_u/get_logs/{id}', { params, parseAs: 'text' });
    assert.match(logs.data ?? '', /on abc/);

    const list = await api.GET('/api/w/{workspace}/jobs/list', {
      params: { path: ws, query: { script_path: 'f/client/py', status: 'success', per_page: 10 } },
    });
    assert.equal(list.data?.length, 2);
    conforms('Job', list.data, true);
  });

  it('types a failed job as a 422 JobFailure', async () => {
    await api.POST('/api/w/{workspace}/scripts/create', {
      params: { path: ws },
      body: { path: 'f/client/fail', language: 'python3', content: 'def main():\n    raise ValueError("bad value")' },
      parseAs: 'text',
    });
    const res = await api.POST('/api/w/{workspace}/jobs/run_wait_result/p/{path}', {
      params: { path: { ...ws, path: 'f/client/fail' } },
      body: {},
    });
    assert.equal(res.response.status, 422);
    const failure: RunnelSchemas['JobFailure'] | RunnelSchemas['Error'] | undefined = res.error;
    assert.ok(failure && 'job_id' in failure.error);
    assert.equal(failure.error.name, 'ValueError');
    assert.match(failure.error.message, /bad value/);
    conforms('JobFailure', failure);
    assert.equal((await waitJob(failure.error.job_id)).status, 'failure');
  });

  it('cancels a running job', async () => {
    await api.POST('/api/w/{workspace}/scripts/create', {
      params: { path: ws },
      body: { path: 'f/client/sleep', language: 'bash', content: 'echo started\nsleep 60' },
      parseAs: 'text',
    });
    const { data: id } = await api.POST('/api/w/{workspace}/jobs/run/p/{path}', {
      params: { path: { ...ws, path: 'f/client/sleep' } },
      body: {},
      parseAs: 'text',
    });
    const cancel = await api.POST('/api/w/{workspace}/jobs_u/queue/cancel/{id}', {
      params: { path: { ...ws, id: id! } },
      body: { reason: 'client test' },
    });
    assert.deepEqual(cancel.data, { canceled: id });
    const job = await waitJob(id!);
    assert.equal(job.status, 'canceled');
  });

  it('deploys and runs a flow typed by the flow schema', async () => {
    const value: RunnelSchemas['FlowValue'] = {
      modules: [
        {
          id: 'a',
          value: {
            type: 'rawscript',
            language: 'bun',
            content: 'export function main(n: number) { return n * 2 }',
            input_transforms: { n: { type: 'javascript', expr: 'flow_input.n' } },
          },
        },
      ],
    };
    const created = await api.POST('/api/w/{workspace}/flows/create', {
      params: { path: ws },
      body: { path: 'f/client/double', summary: 'Double', value },
      parseAs: 'text',
    });
    assert.equal(created.response.status, 201);
    const flow = await api.GET('/api/w/{workspace}/flows/get/{path}', {
      params: { path: { ...ws, path: 'f/client/double' } },
    });
    assert.equal(flow.data?.value.modules?.[0]?.id, 'a');
    conforms('Flow', flow.data);
    const run = await api.POST('/api/w/{workspace}/jobs/run_wait_result/f/{path}', {
      params: { path: { ...ws, path: 'f/client/double' } },
      body: { n: 21 },
    });
    assert.equal(run.data, 42);
  });
});
