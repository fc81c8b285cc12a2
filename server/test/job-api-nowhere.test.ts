import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connect } from '@nats-io/transport-node';
import { TOKEN, startHarness, until, type Harness } from './harness.js';
import { ECHO, jobApiClientPy, transformFlow } from './job-api-helpers.js';

const SECRET = `nowhere-${randomBytes(8).toString('hex')}`;
/** What a job derives from SECRET and stores as a new secret through the job API. */
const DERIVED = `${SECRET}-derived`;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Every file under `dir`. */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** Collects a child's stdout and stderr. */
function capture(child: ChildProcess): { text: () => string } {
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  return { text: () => out };
}

/**
 * Where a secret's plaintext may be (issue 14, docs/adr/0037-secrets-in-jobs.md): only in the
 * sandboxes of the jobs that read it. After jobs in every language used one through `$var:`
 * arguments, a flow's input transform and the job API, and a job stored a new secret derived
 * from it, neither plaintext is in any PostgreSQL table, any file of the JetStream store, the
 * server's or the worker's output, or any job's logs and results.
 */
describe('a secret appears nowhere but in the sandbox', () => {
  let h: Harness;
  let nats: ChildProcess;
  let storeDir: string;
  let natsUrl: string;
  let server: { child: ChildProcess; url: string };
  let serverOut: { text: () => string };
  let workerOut: { text: () => string };

  const api = async (path: string, body?: unknown): Promise<Response> =>
    fetch(`${server.url}/api/w/main/${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const run = async (kind: 'p' | 'f', path: string, args: unknown) => {
    const res = await api(`jobs/run/${kind}/${path}`, args);
    assert.equal(res.status, 201, await res.clone().text());
    const id = await res.text();
    return until(async () => {
      const job = (await (await api(`jobs_u/get/${id}`)).json()) as Record<string, unknown>;
      return ['success', 'failure', 'canceled'].includes(job.status as string) ? job : undefined;
    }, 60_000);
  };

  before(async () => {
    storeDir = mkdtempSync(join(tmpdir(), 'runnel-js-store-'));
    const port = await freePort();
    natsUrl = `nats://127.0.0.1:${port}`;
    nats = spawn('nats-server', ['-js', '-sd', storeDir, '-a', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
    await until(async () =>
      connect({ servers: natsUrl }).then(
        (nc) => nc.close().then(() => true),
        () => undefined,
      ),
    );
    h = await startHarness({ NATS_URL: natsUrl, RUNNEL_MASTER_KEY: randomBytes(32).toString('base64') });
    // The server and the worker in processes of their own, so their whole output is captured.
    await h.stopServer();
    server = await h.spawnServer();
    serverOut = capture(server.child);
    workerOut = capture(h.spawnWorker({ NATS_URL: natsUrl, WORKER_CONCURRENCY: '4' }));
  });
  after(async () => {
    await h?.close();
    nats?.kill('SIGTERM');
    await new Promise((resolve) => nats?.once('exit', resolve));
    rmSync(storeDir, { recursive: true, force: true });
  });

  it('is used by jobs in every language, a flow and the job API', async () => {
    assert.equal((await api('variables/create', { path: 'f/nw/key', value: SECRET, is_secret: true })).status, 201);
    const deploy = async (path: string, language: string, content: string) => {
      const res = await api('scripts/create', { path, language, content });
      assert.equal(res.status, 201, await res.clone().text());
    };
    for (const [language, content] of Object.entries(ECHO)) {
      await deploy(`f/nw/${language}`, language, content);
      const job = await run('p', `f/nw/${language}`, { s: '$var:f/nw/key' });
      assert.equal(job.status, 'success', JSON.stringify(job.result));
    }
    await deploy(
      'f/nw/sdk',
      'python3',
      `${jobApiClientPy}
def main():
    value = call({"op": "get_variable", "path": "f/nw/key"})["value"]
    print("sdk read " + value)
    call({"op": "set_state", "value": {"seen": len(value)}})
    return call({"op": "set_variable", "path": "f/nw/derived", "value": value + "-derived", "is_secret": True})
`,
    );
    const sdk = await run('p', 'f/nw/sdk', {});
    assert.deepEqual(sdk.result, { ok: true, value: null });
    const flow = transformFlow("'$var:' + flow_input.path", 'echo "flow step sees $x"\necho "$x"', 'path');
    assert.equal((await api('flows/create', { path: 'f/nw/flow', ...flow })).status, 201);
    const flowJob = await run('f', 'f/nw/flow', { path: 'f/nw/key' });
    assert.equal(flowJob.status, 'success', JSON.stringify(flowJob.result));
    // The derived secret is readable as a secret, so it was stored.
    const reveal = await api('variables/reveal/f/nw/derived', {});
    assert.equal(await reveal.json(), DERIVED);
  });

  it('is in no PostgreSQL table, no JetStream file, no output, no job log or result', async () => {
    // Logs and results: what the API serves.
    const jobs = (await (await api('jobs/list?per_page=100')).json()) as { id: string }[];
    assert.ok(jobs.length >= 6);
    for (const job of jobs) {
      const logs = await (await api(`jobs_u/get_logs/${job.id}`)).text();
      assert.ok(!logs.includes(SECRET), `job ${job.id}'s logs: ${logs}`);
    }
    // The secret, read back by an admin on purpose (audited), is the one place it is allowed.
    const dump = spawnSync('pg_dump', ['--data-only', h.databaseUrl], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    assert.equal(dump.status, 0, dump.stderr);
    assert.ok(dump.stdout.includes('f/nw/key'), 'the dump holds the data');
    for (const plaintext of [SECRET, DERIVED]) assert.ok(!dump.stdout.includes(plaintext), 'plaintext in PostgreSQL');

    const stored = files(storeDir);
    assert.ok(stored.length > 0, 'the JetStream store has files');
    const needles = [SECRET, DERIVED].map((s) => Buffer.from(s));
    for (const file of stored) {
      const bytes = readFileSync(file);
      for (const needle of needles) assert.ok(!bytes.includes(needle), `plaintext in ${file}`);
    }
    for (const [name, out] of [
      ['server', serverOut.text()],
      ['worker', workerOut.text()],
    ] as const) {
      assert.ok(!out.includes(SECRET) && !out.includes(DERIVED), `plaintext in the ${name}'s output:\n${out}`);
    }
  });
});
