import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { addUser, json, startHarness, until, type Harness } from './harness.js';
import { ECHO, transformFlow } from './job-api-helpers.js';

const SECRET = `s3cr3t-${randomBytes(6).toString('hex')}`;
/** A secret of two lines: each reaches the log as a line of its own, so it is split across chunks. */
const TWO_LINES = `first-${randomBytes(4).toString('hex')}\nsecond-${randomBytes(4).toString('hex')}`;

/**
 * `$var:`/`$res:` references in arguments (docs/adr/0037-secrets-in-jobs.md): they stay
 * references in the job row and message, resolve as the job starts, and every secret a job
 * received is masked in its logs and result.
 */
describe('references in arguments', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ RUNNEL_MASTER_KEY: randomBytes(32).toString('base64') });
    await h.startWorker({ WORKER_CONCURRENCY: '4' });
    for (const [path, value, is_secret] of [
      ['f/ref/plain', 'plain-value', false],
      ['f/ref/secret', SECRET, true],
      ['f/ref/two_lines', TWO_LINES, true],
    ] as const) {
      const res = await h.api('/api/w/main/variables/create', { method: 'POST', json: { path, value, is_secret } });
      assert.equal(res.status, 201, await res.text());
    }
  });
  after(async () => h?.close());

  const run = async (path: string, args: unknown, ws = 'main', token?: string) => {
    const res = await h.api(`/api/w/${ws}/jobs/run/p/${path}`, { method: 'POST', json: args, token });
    assert.equal(res.status, 201, await res.clone().text());
    const id = await res.text();
    const job = await until(async () => {
      const row = await json(h.api(`/api/w/${ws}/jobs_u/get/${id}`, { token }));
      return ['success', 'failure', 'canceled'].includes(row.status) ? row : undefined;
    }, 30_000);
    const logs = await (await h.api(`/api/w/${ws}/jobs_u/get_logs/${id}`, { token })).text();
    return { id, job, logs };
  };
  const unwrap = (language: string, result: unknown) => (language === 'bash' ? result : (result as { v: unknown }).v);

  for (const language of Object.keys(ECHO)) {
    it(`gives ${language} jobs plain and secret variables, the secret masked in logs and result`, async () => {
      await h.deploy(`f/ref/echo_${language}`, language, ECHO[language]!);
      const plain = await run(`f/ref/echo_${language}`, { s: '$var:f/ref/plain' });
      assert.equal(plain.job.status, 'success', JSON.stringify(plain.job.result));
      assert.equal(unwrap(language, plain.job.result), 'plain-value');
      assert.match(plain.logs, /got plain-value/);
      assert.deepEqual(plain.job.args, { s: '$var:f/ref/plain' }, 'the stored args keep the reference');

      const secret = await run(`f/ref/echo_${language}`, { s: '$var:f/ref/secret' });
      assert.equal(secret.job.status, 'success', JSON.stringify(secret.job.result));
      assert.equal(unwrap(language, secret.job.result), '********');
      assert.match(secret.logs, /got \*{8}/);
      assert.ok(!secret.logs.includes(SECRET), secret.logs);
      assert.deepEqual(secret.job.args, { s: '$var:f/ref/secret' });
    });
  }

  it('resolves references nested in arrays and objects', async () => {
    await h.deploy('f/ref/nested', 'python3', 'def main(o: dict, l: list):\n    return [o["k"]["v"], l[1]]');
    const { job } = await run('f/ref/nested', { o: { k: { v: '$var:f/ref/plain' } }, l: [1, '$var:f/ref/plain'] });
    assert.deepEqual(job.result, ['plain-value', 'plain-value']);
  });

  it("fills a left-out argument from the schema's reference default, whatever its declared type", async () => {
    await h.deploy(
      'f/ref/default',
      'python3',
      'def main(s: str = "$var:f/ref/secret", d: dict = "$var:f/ref/plain"):\n    return [len(s), d]',
    );
    const { job } = await run('f/ref/default', {});
    assert.equal(job.status, 'success', JSON.stringify(job.result));
    assert.deepEqual(job.result, [SECRET.length, 'plain-value']);
    assert.deepEqual(job.args, { s: '$var:f/ref/secret', d: '$var:f/ref/plain' });
    // A reference given for a typed parameter is taken too; a wrong type that is no reference is not.
    const typed = await h.api('/api/w/main/jobs/run/p/f/ref/default', { method: 'POST', json: { d: 3 } });
    assert.equal(typed.status, 400);
    assert.match(await typed.text(), /d/);
  });

  it("masks a secret printed one character at a time, and one split across the log's lines", async () => {
    await h.deploy(
      'f/ref/slow',
      'python3',
      [
        'import sys, time',
        'def main(s: str, t: str):',
        '    for c in s:',
        '        sys.stdout.write(c)',
        '        sys.stdout.flush()',
        '        time.sleep(0.01)',
        '    print()',
        '    print("two:" + t)',
        '    time.sleep(0.2)',
        '    print("end")',
        '    return "ok"',
      ].join('\n'),
    );
    const { job, logs } = await run('f/ref/slow', { s: '$var:f/ref/secret', t: '$var:f/ref/two_lines' });
    assert.equal(job.status, 'success', JSON.stringify(job.result));
    assert.match(logs, /^\*{8}\ntwo:\*{8}\nend\n/m);
    assert.ok(!logs.includes(SECRET));
    for (const line of TWO_LINES.split('\n')) assert.ok(!logs.includes(line), `"${line}" in ${logs}`);
  });

  it('masks a secret in a failed job: its error message and stderr', async () => {
    await h.deploy('f/ref/fail', 'python3', 'def main(s: str):\n    raise ValueError("bad " + s)');
    const { job, logs } = await run('f/ref/fail', { s: '$var:f/ref/secret' });
    assert.equal(job.status, 'failure');
    assert.ok(!JSON.stringify(job.result).includes(SECRET), JSON.stringify(job.result));
    assert.match(JSON.stringify(job.result), /bad \*{8}/);
    assert.ok(!logs.includes(SECRET));
  });

  it('a flow input transform that makes a reference hands the step the value', async () => {
    const flow = transformFlow("'$var:f/ref/' + flow_input.which", 'echo "step sees $x"\necho "${#x}"', 'which');
    const created = await h.api('/api/w/main/flows/create', { method: 'POST', json: { path: 'f/ref/flow', ...flow } });
    assert.equal(created.status, 201, await created.text());
    const res = await h.api('/api/w/main/jobs/run_wait_result/f/f/ref/flow', {
      method: 'POST',
      json: { which: 'secret' },
    });
    assert.equal(res.status, 200);
    assert.equal(await json(res), SECRET.length);
  });

  it('fails a job whose reference is unknown, a resource, or of another workspace, saying which', async () => {
    await h.deploy('f/ref/echo_missing', 'python3', ECHO.python3!);
    const missing = await run('f/ref/echo_missing', { s: '$var:f/ref/nope' });
    assert.equal(missing.job.status, 'failure');
    assert.deepEqual(missing.job.result, {
      error: {
        name: 'ReferenceError',
        message: 'argument "s": variable "f/ref/nope" not found in workspace "main"',
      },
    });
    const resource = await run('f/ref/echo_missing', { s: '$res:f/ref/db' });
    assert.equal(resource.job.status, 'failure');
    assert.match(
      JSON.stringify(resource.job.result),
      /argument \\"s\\": resource \\"f\/ref\/db\\" not found in workspace \\"main\\"/,
    );

    const other = await addUser(h, 'developer', { workspace: 'other' });
    const deployed = await h.api('/api/w/other/scripts/create', {
      method: 'POST',
      json: { path: 'f/ref/echo', language: 'python3', content: ECHO.python3 },
      token: other.token,
    });
    assert.equal(deployed.status, 201, await deployed.text());
    const across = await run('f/ref/echo', { s: '$var:f/ref/secret' }, 'other', other.token);
    assert.equal(across.job.status, 'failure');
    assert.match(
      (across.job.result as { error: { message: string } }).error.message,
      /variable "f\/ref\/secret" not found in workspace "other"/,
    );
    assert.ok(!across.logs.includes(SECRET));
  });
});
