import assert from 'node:assert/strict';
import pg from 'pg';
import { json, type Harness } from './harness.js';

/** A job's row as the SDK's tests check it: status, result, and what the job API wrote to it. */
export interface SdkJob {
  id: string;
  status: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  result: any;
  parent_job: string | null;
  progress: number | null;
}

/** Runs the deployed script at `path` with `args` and waits for its job to end. */
export async function runToEnd(h: Harness, path: string, args: Record<string, unknown> = {}): Promise<SdkJob> {
  const res = await h.api(`/api/w/main/jobs/run/p/${path}`, { method: 'POST', json: args });
  assert.equal(res.status, 201, await res.clone().text());
  return jobRow(h, await res.text());
}

/** A job once it has ended, with the columns the job API sets (parent_job, progress) read from its row. */
export async function jobRow(h: Harness, id: string): Promise<SdkJob> {
  const job = await h.waitJob(id, 60_000);
  const client = new pg.Client({ connectionString: h.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT parent_job, progress FROM job WHERE id = $1', [id]);
    return { id, status: job.status as string, result: job.result, ...rows[0] };
  } finally {
    await client.end();
  }
}

/** A job that succeeded: its result; else fails the test with the job's error. */
export function succeeded(job: SdkJob): unknown {
  assert.equal(job.status, 'success', JSON.stringify(job.result));
  return job.result;
}

/** Creates a variable through REST, as a user would before a script reads it. */
export async function createVariable(h: Harness, path: string, value: string, isSecret = false): Promise<void> {
  const res = await h.api('/api/w/main/variables/create', {
    method: 'POST',
    json: { path, value, is_secret: isSecret },
  });
  assert.equal(res.status, 201, await res.clone().text());
}

/** A job that printed and returned `secret` (read through the SDK) shows it masked in its logs and result. */
export async function assertMasked(h: Harness, job: SdkJob, secret: string): Promise<void> {
  assert.deepEqual(succeeded(job), { secret: '********', length: secret.length });
  const logs = await (await h.api(`/api/w/main/jobs_u/get_logs/${job.id}`)).text();
  assert.match(logs, /the secret is \*{8}/);
  assert.ok(!logs.includes(secret), logs);
}

/** A variable's value through REST, to see what a script wrote with the SDK. */
export async function variableValue(h: Harness, path: string): Promise<unknown> {
  return json(h.api(`/api/w/main/variables/get_value/${path}`));
}

/** A flow at `path` of one inline Bun step that squares its input `n`, reporting progress through the SDK. */
export async function createSquareFlow(h: Harness, path: string): Promise<void> {
  const res = await h.api('/api/w/main/flows/create', {
    method: 'POST',
    json: {
      path,
      summary: 'n squared',
      schema: { type: 'object', properties: { n: { type: 'number' } }, required: ['n'] },
      value: {
        modules: [
          {
            id: 'a',
            value: {
              type: 'rawscript',
              language: 'bun',
              content: [
                "import * as wmill from 'windmill-client';",
                'export async function main(n: number) {',
                '  await wmill.setProgress(50);',
                '  return n * n;',
                '}',
              ].join('\n'),
              input_transforms: { n: { type: 'javascript', expr: 'flow_input.n' } },
            },
          },
        ],
      },
    },
  });
  assert.equal(res.status, 201, await res.clone().text());
}
