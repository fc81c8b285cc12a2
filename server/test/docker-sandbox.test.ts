import assert from 'node:assert/strict';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import Docker from 'dockerode';
import { json, startHarness, type Harness } from './harness.js';

// Jobs through the whole platform (server, JetStream, a worker with WORKER_SANDBOX=docker) in
// containers of the images `npm run images` builds; docs/adr/0045-docker-sandbox.md.

const BUILD = fileURLToPath(new URL('../../../scripts/images/build.mjs', import.meta.url));
const docker = new Docker();

function buildImages(...languages: string[]): void {
  const built = spawnSync(process.execPath, [BUILD, ...languages], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`scripts/images/build.mjs failed:\n${built.stdout}${built.stderr}`);
}

const byWorker = (name: string) => docker.listContainers({ all: true, filters: { label: [`runnel.worker=${name}`] } });

/** Resolves once the worker process says it serves (its start-up sweep is done by then). */
/** Resolves on the worker's start-up line (logged at info: the harness's default level is warn). */
function serving(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the worker did not say it was serving in 60 s:\n${out}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('serving')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`the worker exited with ${code}:\n${out}`)));
  });
}

describe('jobs through the platform in docker containers', () => {
  let h: Harness;
  const workerName = `docker-e2e-${randomBytes(3).toString('hex')}`;
  before(async () => {
    buildImages('bash', 'python3', 'bun');
    h = await startHarness({ RUNNEL_MASTER_KEY: randomBytes(32).toString('base64') });
    await h.startWorker({ WORKER_SANDBOX: 'docker', WORKER_NETWORK: 'none', WORKER_NAME: workerName });
  });
  after(async () => {
    await h?.close();
  });

  const runSync = async (path: string, args: unknown = {}) => {
    const res = await h.api(`/api/w/main/jobs/run_wait_result/p/${path}`, { method: 'POST', json: args });
    return { status: res.status, body: await json(res), id: res.headers.get('x-runnel-job-id') };
  };

  it('runs bash, python3 and bun scripts: arguments in, results out, logs kept', async () => {
    await h.deploy('f/docker/sh', 'bash', 'x="$1"\necho "in a container: $x"\necho "$x-done"');
    await h.deploy(
      'f/docker/py',
      'python3',
      'def main(n: int):\n    print("python got", n)\n    return {"double": n * 2}\n',
    );
    await h.deploy(
      'f/docker/ts',
      'bun',
      'export function main(s: string) {\n  console.log("bun got", s);\n  return s.split("").reverse().join("");\n}\n',
    );
    const sh = await runSync('f/docker/sh', { x: 'abc' });
    assert.equal(sh.status, 200, JSON.stringify(sh.body));
    assert.equal(sh.body, 'abc-done');
    const py = await runSync('f/docker/py', { n: 21 });
    assert.deepEqual(py.body, { double: 42 });
    const ts = await runSync('f/docker/ts', { s: 'runnel' });
    assert.equal(ts.body, 'lennur');
    const logs = await (await h.api(`/api/w/main/jobs_u/get_logs/${py.id}`)).text();
    assert.match(logs, /python got 21/);
    const job = await json(h.api(`/api/w/main/jobs_u/get/${sh.id}`));
    assert.equal(job.worker, workerName);
  });

  it('gives the job its secrets through the SDK over the job socket inside the container', async () => {
    const secret = randomBytes(16).toString('hex');
    const created = await h.api('/api/w/main/variables/create', {
      method: 'POST',
      json: { path: 'f/docker/token', value: secret, is_secret: true },
    });
    assert.equal(created.status, 201);
    const sha = (text: string) => `sha-${text.length}-${text.slice(0, 4)}`;
    await h.deploy(
      'f/docker/py_sdk',
      'python3',
      'import wmill\n\ndef main():\n    v = wmill.get_variable("f/docker/token")\n    return f"sha-{len(v)}-{v[:4]}"\n',
    );
    await h.deploy(
      'f/docker/ts_sdk',
      'bun',
      "import * as wmill from 'windmill-client';\n\nexport async function main() {\n  const v = await wmill.getVariable('f/docker/token');\n  return `sha-${v.length}-${v.slice(0, 4)}`;\n}\n",
    );
    for (const path of ['f/docker/py_sdk', 'f/docker/ts_sdk']) {
      const run = await runSync(path);
      assert.equal(run.status, 200, `${path}: ${JSON.stringify(run.body)}`);
      assert.equal(run.body, sha(secret), path);
    }
  });

  it('leaves no container of the worker once its jobs are done', async () => {
    // Warm containers wait for the next job: only those may remain, none of a finished job once
    // its removal (after the result is reported) is done.
    let left: Docker.ContainerInfo[] = [];
    for (let i = 0; i < 100; i++) {
      left = (await byWorker(workerName)).filter((c) => c.Labels['runnel.job'] !== 'warm');
      if (left.length === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual(left, []);
  });
});

describe('a docker worker killed mid-job', () => {
  let h: Harness;
  const workerName = `docker-crash-${randomBytes(3).toString('hex')}`;
  before(async () => {
    buildImages('bash');
    h = await startHarness();
  });
  after(async () => {
    await h?.close();
    for (const c of await byWorker(workerName)) await docker.getContainer(c.Id).remove({ force: true });
  });

  it('finds its container removed when it starts again', async () => {
    const env = {
      WORKER_SANDBOX: 'docker',
      WORKER_NAME: workerName,
      WORKER_CONCURRENCY: '1',
      RUNNEL_ACK_WAIT_MS: '2000',
      WORKER_SHUTDOWN_GRACE_MS: '0',
      RUNNEL_LOG_LEVEL: 'info',
    };
    const first = h.spawnWorker(env);
    await serving(first);
    await h.deploy('f/docker/slow', 'bash', 'echo started\nsleep 60');
    const id = await (await h.api('/api/w/main/jobs/run/p/f/docker/slow', { method: 'POST', json: {} })).text();
    let running: Docker.ContainerInfo[] = [];
    for (let i = 0; i < 200 && running.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      running = (await byWorker(workerName)).filter((c) => c.State === 'running' && c.Labels['runnel.job'] !== 'warm');
    }
    assert.equal(running.length, 1, 'the job runs in a container');
    assert.equal(running[0]!.Labels['runnel.pid'], String(first.pid));
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const orphan = running[0]!.Id;
    assert.equal(
      (await docker.getContainer(orphan).inspect()).State.Running,
      true,
      'the container outlived its worker',
    );

    const second = h.spawnWorker(env);
    await serving(second);
    const oldOnes = (await byWorker(workerName)).filter((c) => c.Labels['runnel.pid'] === String(first.pid));
    assert.deepEqual(oldOnes, [], 'no container of the killed worker is left');
    await assert.rejects(docker.getContainer(orphan).inspect(), /no such container/);

    // The job comes back (attempt 2) to the restarted worker; canceled, it ends and its container goes.
    const canceled = await h.api(`/api/w/main/jobs_u/queue/cancel/${id}`, { method: 'POST', json: {} });
    assert.ok(canceled.status < 300, await canceled.text());
    const job = await h.waitJob(id, 30_000);
    assert.equal(job.status, 'canceled');
    const exited = new Promise((resolve) => second.once('exit', resolve));
    second.kill('SIGTERM');
    await exited;
    assert.deepEqual(await byWorker(workerName), [], 'a worker that stops removes its containers');
  });
});
