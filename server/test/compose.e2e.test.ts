import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { checkout, freePort } from './up-helpers.js';

// The README's "Self-host with Docker Compose", on this machine's Docker engine: every image built
// here, a project and a port of its own, torn down with its volumes whatever happens.

// Warm, `compose.sh` only checks the images against the sources; cold it takes many minutes,
// more than the runner gives a test file, so .ci/run builds them before the tests.
const BUILD_TIMEOUT_MS = 150_000;
const project = `runnel-compose-${randomBytes(4).toString('hex')}`;
const token = `compose-${randomBytes(12).toString('hex')}`;

/** `docker compose` (the v2 plugin) where it is installed, else Debian's `docker-compose` 1.29. */
function composeCommand(): string[] {
  if (spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' }).status === 0) return ['docker', 'compose'];
  if (spawnSync('docker-compose', ['version'], { encoding: 'utf8' }).status === 0) return ['docker-compose'];
  throw new Error('neither `docker compose` nor `docker-compose` is installed (apt-get install docker-compose)');
}

/** Runs compose with the stack's files; resolves with its output, rejects with it on failure. */
function compose(files: string[], env: NodeJS.ProcessEnv, args: string[], timeoutMs = 120_000): Promise<string> {
  const [cmd, ...pre] = composeCommand();
  const argv = [...pre, ...files.flatMap((f) => ['-f', f]), '-p', project, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd!, argv, { cwd: checkout, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`${cmd} ${argv.join(' ')} failed (${signal ?? code}):\n${out.slice(-4000)}`));
    });
  });
}

describe('docker compose, as the README says', () => {
  let files: string[] = [];
  let env: NodeJS.ProcessEnv = {};
  let base = '';
  const timings: string[] = [];

  const api = async (path: string, body?: unknown): Promise<{ status: number; json: unknown }> => {
    const res = await fetch(`${base}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await res.text();
    let json: unknown = text;
    try {
      json = JSON.parse(text);
    } catch {
      // Not JSON (the app's HTML): kept as text.
    }
    return { status: res.status, json };
  };

  /** Polls the job until it is done (or `timeoutMs` passes), answering its last state. */
  const finished = async (id: string, timeoutMs: number): Promise<Record<string, unknown>> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await api(`/api/w/main/jobs_u/get/${id}`).catch(() => undefined);
      const job = res?.json as Record<string, unknown> | undefined;
      if (job && (job.status === 'success' || job.status === 'failure' || job.status === 'canceled')) return job;
      if (Date.now() > deadline)
        throw new Error(`job ${id} not finished after ${timeoutMs} ms: ${JSON.stringify(job)}`);
      await sleep(500);
    }
  };

  const healthy = async (timeoutMs: number): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      // Bounded: docker-proxy accepts before the server listens, and such a fetch may hang.
      const ok = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(2000) }).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      await sleep(500);
    }
    throw new Error(`the server did not answer ${base}/api/health within ${timeoutMs} ms`);
  };

  // fetch's sockets and AbortSignal.timeout's timers don't hold the event loop: a wait on a server
  // that isn't answering yet would otherwise end the process with the stack still up.
  let keepAlive: NodeJS.Timeout | undefined;

  before(
    async () => {
      keepAlive = setInterval(() => {}, 1000);
      // The README's way: the override only where the official images can't be had.
      const started = Date.now();
      const built = spawnSync('bash', ['scripts/images/compose.sh'], {
        cwd: checkout,
        encoding: 'utf8',
        timeout: BUILD_TIMEOUT_MS,
      });
      if (built.error || built.status !== 0) {
        throw new Error(
          `bash scripts/images/compose.sh ${built.error ? `did not finish in ${BUILD_TIMEOUT_MS} ms: the images are not built yet; run it once first (.ci/run does)` : `failed:\n${built.stderr.slice(-3000)}`}`,
        );
      }
      files = /^COMPOSE_FILE=(.+)$/m.exec(built.stdout)![1]!.split(':');
      timings.push(`images checked or built: ${((Date.now() - started) / 1000).toFixed(1)} s (${files.join(', ')})`);
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      env = { ...process.env, RUNNEL_PORT: String(port), RUNNEL_BOOTSTRAP_TOKEN: token };
      const up = Date.now();
      await compose(files, env, ['up', '-d'], 3 * 60_000);
      await healthy(2 * 60_000);
      timings.push(`up until healthy: ${((Date.now() - up) / 1000).toFixed(1)} s`);
    },
    { timeout: BUILD_TIMEOUT_MS + 5 * 60_000 },
  );

  after(
    async () => {
      clearInterval(keepAlive);
      if (files.length === 0) return;
      // Its logs when something failed are the only account of what happened inside.
      const logs = await compose(files, env, ['logs', '--no-color', '--tail', '40']).catch((e: Error) => e.message);
      await compose(files, env, ['down', '-v', '--remove-orphans'], 5 * 60_000);
      const left = spawnSync('docker', ['ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`], {
        encoding: 'utf8',
      });
      assert.equal(left.stdout.trim(), '', `containers of ${project} left after down -v`);
      const volumes = spawnSync(
        'docker',
        ['volume', 'ls', '-q', '--filter', `label=com.docker.compose.project=${project}`],
        {
          encoding: 'utf8',
        },
      );
      assert.equal(volumes.stdout.trim(), '', `volumes of ${project} left after down -v`);
      console.log(`compose e2e (${project}): ${timings.join('; ')}`);
      if (process.exitCode) console.log(logs);
    },
    { timeout: 6 * 60_000 },
  );

  it('serves the app and the API; secrets work with the master key the keys service made', async () => {
    const home = await fetch(`${base}/`);
    assert.equal(home.status, 200);
    assert.match(await home.text(), /<html/i, 'the server serves the built app at /');
    const secret = await api('/api/w/main/variables/create', {
      path: 'f/examples/db_password',
      value: 's3cret',
      is_secret: true,
    });
    assert.ok(secret.status >= 200 && secret.status < 300, JSON.stringify(secret));
    const read = await api('/api/w/main/variables/list');
    assert.equal(read.status, 200);
    assert.match(JSON.stringify(read.json), /f\/examples\/db_password/);
  });

  it("runs the README's first script, sync and async, and its first flow", async () => {
    const created = await api('/api/w/main/scripts/create', {
      path: 'f/examples/greet',
      language: 'python3',
      content:
        'def main(name: str, excited: bool = False):\n    print("greeting", name)\n    return f"Hello {name}" + ("!" if excited else ".")',
    });
    assert.ok(created.status >= 200 && created.status < 300, JSON.stringify(created));
    const sync = await api('/api/w/main/jobs/run_wait_result/p/f/examples/greet', { name: 'Ada' });
    assert.deepEqual(sync, { status: 200, json: 'Hello Ada.' });

    const queued = await api('/api/w/main/jobs/run/p/f/examples/greet', { name: 'Ada', excited: true });
    assert.ok(queued.status >= 200 && queued.status < 300, JSON.stringify(queued));
    const job = await finished(String(queued.json), 60_000);
    assert.equal(job.status, 'success');
    assert.equal(job.result, 'Hello Ada!');
    const logs = await api(`/api/w/main/jobs_u/get_logs/${String(queued.json)}`);
    assert.match(String(logs.json), /greeting Ada/);

    const mistake = await api('/api/w/main/jobs/run_wait_result/p/f/examples/greet', { excited: 'yes' });
    assert.equal(mistake.status, 400);

    const flow = await api('/api/w/main/flows/create', {
      path: 'f/examples/hello_flow',
      summary: 'Greet every name, then count',
      value: {
        modules: [
          {
            id: 'each',
            value: {
              type: 'forloopflow',
              parallel: true,
              iterator: { type: 'javascript', expr: 'flow_input.names' },
              modules: [
                {
                  id: 'greet',
                  value: {
                    type: 'script',
                    path: 'f/examples/greet',
                    input_transforms: { name: { type: 'javascript', expr: 'flow_input.iter.value' } },
                  },
                },
              ],
            },
          },
          {
            id: 'count',
            value: {
              type: 'rawscript',
              language: 'python3',
              content: 'def main(greetings: list):\n    return {"n": len(greetings), "all": greetings}',
              input_transforms: { greetings: { type: 'javascript', expr: 'results.each' } },
            },
          },
        ],
      },
      schema: {
        type: 'object',
        properties: { names: { type: 'array', items: { type: 'string' } } },
        required: ['names'],
      },
    });
    assert.ok(flow.status >= 200 && flow.status < 300, JSON.stringify(flow));
    const flowRun = await api('/api/w/main/jobs/run_wait_result/f/f/examples/hello_flow', { names: ['Ada', 'Alan'] });
    assert.deepEqual(flowRun, { status: 200, json: { n: 2, all: ['Hello Ada.', 'Hello Alan.'] } });
  });

  it('leaves no zombie processes in the worker container, however many jobs it ran', async () => {
    const created = await api('/api/w/main/scripts/create', {
      path: 'f/examples/echo',
      language: 'bash',
      content: 'x="$1"\necho "$x"',
    });
    assert.ok(created.status >= 200 && created.status < 300, JSON.stringify(created));
    for (let i = 0; i < 12; i++) {
      const run = await api('/api/w/main/jobs/run_wait_result/p/f/examples/echo', { x: String(i) });
      assert.equal(run.status, 200, JSON.stringify(run));
    }
    const [worker] = spawnSync(
      'docker',
      [
        'ps',
        '-q',
        '--filter',
        `label=com.docker.compose.project=${project}`,
        '--filter',
        'label=com.docker.compose.service=worker-default',
      ],
      { encoding: 'utf8' },
    )
      .stdout.trim()
      .split('\n');
    assert.ok(worker, 'the worker-default container runs');
    // Each process's state, from /proc (the image has no ps).
    const states = spawnSync('docker', ['exec', worker!, 'sh', '-c', 'cat /proc/[0-9]*/stat 2>/dev/null'], {
      encoding: 'utf8',
    }).stdout;
    const zombies = states.split('\n').filter((line) => / Z \d/.test(line.slice(line.lastIndexOf(')'))));
    assert.deepEqual(zombies, [], 'every process a job left behind was reaped');
  });

  it('finishes a flow whose server container restarts while a step runs', async () => {
    const flow = await api('/api/w/main/flows/create', {
      path: 'f/examples/slow_flow',
      summary: 'A step that sleeps, then one that adds',
      value: {
        modules: [
          {
            id: 'slow',
            value: {
              type: 'rawscript',
              language: 'bash',
              content: 'sleep 8\necho 20',
              input_transforms: {},
            },
          },
          {
            id: 'add',
            value: {
              type: 'rawscript',
              language: 'python3',
              content: 'def main(x: int, y: int):\n    return x + y',
              input_transforms: {
                x: { type: 'javascript', expr: 'Number(results.slow)' },
                y: { type: 'javascript', expr: 'flow_input.y' },
              },
            },
          },
        ],
      },
      schema: { type: 'object', properties: { y: { type: 'integer' } }, required: ['y'] },
    });
    assert.ok(flow.status >= 200 && flow.status < 300, JSON.stringify(flow));
    const queued = await api('/api/w/main/jobs/run/f/f/examples/slow_flow', { y: 22 });
    assert.ok(queued.status >= 200 && queued.status < 300, JSON.stringify(queued));
    const id = String(queued.json);

    // Restart once the sleeping step runs, so the restart falls inside it.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const steps = await api(`/api/w/main/jobs/list?parent_job=${id}`);
      const running = Array.isArray(steps.json) && steps.json.some((j: { status?: string }) => j.status === 'running');
      if (running) break;
      if (Date.now() > deadline) throw new Error(`the flow's first step never ran: ${JSON.stringify(steps.json)}`);
      await sleep(200);
    }
    const restarted = Date.now();
    await compose(files, env, ['restart', 'server'], 3 * 60_000);
    await healthy(3 * 60_000);
    timings.push(`server restart until healthy: ${((Date.now() - restarted) / 1000).toFixed(1)} s`);

    const job = await finished(id, 3 * 60_000);
    assert.equal(job.status, 'success', JSON.stringify(job));
    assert.equal(job.result, 42);
    // The container really went away: the first answer after `restart` came from a new process.
    const started = spawnSync('docker', ['inspect', '-f', '{{.State.StartedAt}}', `${project}-server-1`], {
      encoding: 'utf8',
    });
    const startedV1 = spawnSync('docker', ['inspect', '-f', '{{.State.StartedAt}}', `${project}_server_1`], {
      encoding: 'utf8',
    });
    const at = Date.parse((started.status === 0 ? started.stdout : startedV1.stdout).trim());
    assert.ok(
      at >= restarted - 1000,
      `the server container started at ${new Date(at).toISOString()}, before the restart`,
    );
  });
});
