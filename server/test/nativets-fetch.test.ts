import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { networkInterfaces } from 'node:os';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { json, startHarness, type Harness } from './harness.js';

/**
 * `fetch` in nativets (docs/adr/0048): the server makes a run's calls under its network policy.
 * `outbound` reaches other hosts, which here is an HTTP server in a network namespace of its own
 * joined by a veth pair (its address is none of this machine's), and never the platform's own:
 * loopback, this machine's addresses, link-local, whatever name or redirect leads there.
 */
describe('nativets: fetch held to the network policy', () => {
  const suffix = String(process.pid % 10000);
  const ns = `rnfetch${suffix}`;
  const hostSide = `rnfh${suffix}`;
  // An address no other test uses: 10.232.x.y/30 from the pid.
  const net = `10.232.${Math.floor((process.pid % 16000) / 64)}.${((process.pid % 64) * 4) % 256}`;
  const [a, b, c, d] = net.split('.').map(Number);
  const peer = `${a}.${b}.${c}.${d! + 2}`;
  const here = `${a}.${b}.${c}.${d! + 1}`;
  const remote = `http://${peer}:8080`;
  let h: Harness;
  let server: ChildProcess | undefined;

  const ip = (...args: string[]) => {
    const res = spawnSync('ip', args, { encoding: 'utf8' });
    if (res.status !== 0) throw new Error(`ip ${args.join(' ')}: ${res.stderr}`);
  };

  before(async () => {
    assert.equal(process.getuid?.(), 0, 'this test makes a network namespace: it runs as root, as CI does');
    ip('netns', 'add', ns);
    ip('link', 'add', hostSide, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns);
    ip('addr', 'add', `${here}/30`, 'dev', hostSide);
    ip('link', 'set', hostSide, 'up');
    ip('netns', 'exec', ns, 'ip', 'addr', 'add', `${peer}/30`, 'dev', 'eth0');
    ip('netns', 'exec', ns, 'ip', 'link', 'set', 'eth0', 'up');
    ip('netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up');
    h = await startHarness({ RUNNEL_NATIVE_TIMEOUT_MS: '3000', RUNNEL_NATIVE_THREADS: '2' });
    // The remote server: echoes a request; redirects; sends a big body; never answers.
    const program = `
import http.server, json, threading
together = threading.Barrier(3, timeout=2.5)
held = threading.Event()
class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def reply(self):
        n = int(self.headers.get('content-length') or 0)
        body = self.rfile.read(n).decode() if n else None
        if self.path == '/redirect':
            self.send_response(302); self.send_header('location', '/echo?from=redirect'); self.end_headers(); return
        if self.path == '/to-platform':
            self.send_response(302); self.send_header('location', ${JSON.stringify(h.url)} + '/api/version'); self.end_headers(); return
        if self.path == '/big':
            self.send_response(200); self.end_headers()
            for _ in range(20): self.wfile.write(b'x' * (1024 * 1024))
            return
        if self.path == '/never':
            import time; time.sleep(30); return
        if self.path == '/hold':
            code = 200 if held.wait(20) else 504
            self.send_response(code); self.end_headers(); return
        if self.path == '/release':
            held.set(); self.send_response(204); self.end_headers(); return
        if self.path == '/together':
            try: together.wait(); code = 200
            except threading.BrokenBarrierError: code = 504
            self.send_response(code); self.end_headers(); return
        out = json.dumps({'method': self.command, 'path': self.path, 'auth': self.headers.get('authorization'), 'body': body}).encode()
        self.send_response(201); self.send_header('content-type', 'application/json'); self.send_header('x-remote', 'yes')
        self.end_headers(); self.wfile.write(out)
    do_GET = do_POST = do_PUT = reply
http.server.ThreadingHTTPServer(('${peer}', 8080), H).serve_forever()
`;
    server = spawn('ip', ['netns', 'exec', ns, '/usr/bin/python3', '-c', program], { stdio: 'inherit' });
    for (let i = 0; i < 100; i++) {
      const up = await fetch(`${remote}/echo`).then(
        () => true,
        () => false,
      );
      if (up) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  after(async () => {
    server?.kill('SIGKILL');
    await h?.close();
    spawnSync('ip', ['link', 'del', hostSide]);
    spawnSync('ip', ['netns', 'del', ns]);
  });

  const preview = async (content: string, args: Record<string, unknown> = {}) => {
    const res = await h.api('/api/w/main/jobs/run_wait_result/preview', {
      method: 'POST',
      json: { language: 'nativets', content, args },
    });
    return { status: res.status, body: await json(res), id: res.headers.get('x-runnel-job-id') };
  };
  const errorOf = (body: unknown) => (body as { error: { name: string; message: string } }).error;

  it('fetches another host: method, headers, a JSON body, the response status, headers and JSON', async () => {
    const { status, body } = await preview(
      `export async function main(base: string) {
  const res = await fetch(base + "/echo", {
    method: "POST",
    headers: { Authorization: "Bearer t", "Content-Type": "application/json" },
    body: JSON.stringify({ n: 1 }),
  });
  return { status: res.status, ok: res.ok, remote: res.headers.get("X-Remote"), echo: await res.json() };
}`,
      { base: remote },
    );
    assert.equal(status, 200, JSON.stringify(body));
    assert.deepEqual(body, {
      status: 201,
      ok: true,
      remote: 'yes',
      echo: { method: 'POST', path: '/echo', auth: 'Bearer t', body: '{"n":1}' },
    });
  });

  it('follows redirects, and several calls run side by side', async () => {
    const { status, body } = await preview(
      `export async function main(base: string) {
  const [a, b] = await Promise.all([fetch(base + "/redirect"), fetch(base + "/echo?b")]);
  return { redirected: a.redirected, url: a.url, a: (await a.json()).path, b: (await b.json()).path };
}`,
      { base: remote },
    );
    assert.equal(status, 200, JSON.stringify(body));
    assert.deepEqual(body, {
      redirected: true,
      url: `${remote}/echo?from=redirect`,
      a: '/echo?from=redirect',
      b: '/echo?b',
    });
  });

  it('runs waiting on the network do not hold up the others: a third thread starts while two wait', async () => {
    // The remote answers /together only once three calls are there at once (else 504 after 2.5 s).
    const runs = await Promise.all(
      [1, 2, 3].map((n) =>
        preview(
          `export async function main(base: string, n: number) { return [n, (await fetch(base + "/together")).status] }`,
          {
            base: remote,
            n,
          },
        ),
      ),
    );
    assert.deepEqual(
      runs.map((r) => r.body),
      [
        [1, 200],
        [2, 200],
        [3, 200],
      ],
    );
  });

  it('never reaches the platform: loopback, localhost, this machine’s addresses, link-local, or a redirect there', async () => {
    const port = new URL(h.url).port;
    const own = Object.values(networkInterfaces())
      .flat()
      .filter((i) => i && i.family === 'IPv4' && !i.internal)
      .map((i) => i!.address);
    assert.ok(own.includes(here), 'the veth end on this side is one of this machine’s addresses');
    const targets = [
      `http://127.0.0.1:${port}/api/version`,
      `http://localhost:${port}/api/version`,
      `http://[::1]:${port}/`,
      `http://[::ffff:127.0.0.1]:${port}/`,
      `http://127.9.9.9:${port}/`,
      'http://0.0.0.0:5432/',
      'http://169.254.169.254/latest/meta-data/',
      ...own.map((address) => `http://${address}:${port}/api/version`),
      `${remote}/to-platform`,
    ];
    const { status, body } = await preview(
      `export async function main(targets: string[]) {
  const out = [];
  for (const t of targets) {
    try { out.push("reached " + (await fetch(t)).status); } catch (e) { out.push(e.name + ": " + e.message); }
  }
  return out;
}`,
      { targets },
    );
    assert.equal(status, 200, JSON.stringify(body));
    const lines = body as string[];
    assert.equal(lines.length, targets.length);
    for (const [i, line] of lines.entries()) {
      assert.match(line, /^TypeError: fetch .*one of the platform's own addresses/, `${targets[i]}: ${line}`);
    }
  });

  it('network none: every call fails; asking for more than RUNNEL_NATIVE_NETWORK fails the job', async () => {
    await h.deploy(
      'f/fetch/none',
      'nativets',
      'export async function main(base: string) { try { await fetch(base + "/echo"); return "reached" } catch (e) { return e.message } }',
      { network: 'none' },
    );
    const none = await h.api('/api/w/main/jobs/run_wait_result/p/f/fetch/none', {
      method: 'POST',
      json: { base: remote },
    });
    assert.equal(none.status, 200);
    assert.match(String(await json(none)), /no network \(network "none"\)/);

    await h.deploy('f/fetch/host', 'nativets', 'export async function main() { return 1 }', { network: 'host' });
    const res = await h.api('/api/w/main/jobs/run_wait_result/p/f/fetch/host', { method: 'POST', json: {} });
    const body = await json(res);
    assert.equal(errorOf(body).name, 'NetworkNotAllowed', JSON.stringify(body));
    assert.match(errorOf(body).message, /RUNNEL_NATIVE_NETWORK/);
  });

  it('limits: bodies over 16 MiB a run, a call that never answers stops at the timeout; the server serves on', async () => {
    const big = await preview(
      `export async function main(base: string) { const r = await fetch(base + "/big"); return (await r.text()).length }`,
      { base: remote },
    );
    assert.match(errorOf(big.body).message, /over 16 MiB in all/);

    const started = Date.now();
    const never = await preview(`export async function main(base: string) { await fetch(base + "/never"); return 1 }`, {
      base: remote,
    });
    assert.equal(errorOf(never.body).name, 'Timeout', JSON.stringify(never.body));
    assert.ok(Date.now() - started < 6000, `stopped after ${Date.now() - started} ms`);

    const bad = await preview(
      `export async function main() {
  const out = [];
  for (const args of [["ftp://example.org/"], ["not a url"], ["http://x.invalid/", { body: { a: 1 }, method: "POST" }]]) {
    try { await fetch(...args); out.push("no error") } catch (e) { out.push(e.message) }
  }
  return out;
}`,
    );
    assert.equal(bad.status, 200, JSON.stringify(bad.body));
    const [ftp, notUrl, objectBody] = bad.body as string[];
    assert.match(ftp!, /only http: and https:/);
    assert.match(notUrl!, /is not an absolute URL/);
    assert.match(objectBody!, /string body/);

    const after = await preview(
      `export async function main(base: string) { return (await fetch(base + "/echo")).status }`,
      {
        base: remote,
      },
    );
    assert.equal(after.body, 201);
  });
  it('a flow step that calls fetch waits on the network outside the orchestration transaction', async () => {
    const created = await h.api('/api/w/main/flows/create', {
      method: 'POST',
      json: {
        path: 'f/fetch/held',
        value: {
          modules: [
            {
              id: 'call',
              value: {
                type: 'rawscript',
                language: 'nativets',
                content:
                  'export async function main(base: string) { console.log("calling"); return (await fetch(base + "/hold")).status }',
                input_transforms: { base: { type: 'javascript', expr: 'flow_input.base' } },
              },
            },
            {
              id: 'after',
              value: {
                type: 'rawscript',
                language: 'nativets',
                content: 'export function main(status: number) { return status + 1 }',
                input_transforms: { status: { type: 'javascript', expr: 'results.call' } },
              },
            },
          ],
        },
        schema: { type: 'object', properties: { base: { type: 'string' } } },
      },
    });
    assert.equal(created.status, 201, await created.text());
    const started = await h.api('/api/w/main/jobs/run/f/f/fetch/held', { method: 'POST', json: { base: remote } });
    assert.equal(started.status, 201, await started.clone().text());
    const flowId = (await started.text()).trim().replace(/"/g, '');
    const db = new pg.Client({ connectionString: h.databaseUrl });
    await db.connect();
    try {
      // While the call waits on the remote server, the step is a committed row, not final, and
      // the flow's row is not locked by a transaction (before: neither, until the call came back).
      let step: { status: string; worker: string | null } | undefined;
      for (let i = 0; i < 40 && !step; i++) {
        await new Promise((r) => setTimeout(r, 50));
        step = (
          await db.query(`SELECT status, worker, result FROM job WHERE parent_job = $1 AND flow_step_id = 'call'`, [
            flowId,
          ])
        ).rows[0] as typeof step;
      }
      assert.ok(
        step && ['queued', 'running'].includes(step.status),
        `the step's row while its call waits: ${JSON.stringify(step)}`,
      );
      await db.query('BEGIN');
      const locked = await db.query('SELECT id FROM job WHERE id = $1 FOR UPDATE NOWAIT', [flowId]);
      assert.equal(locked.rowCount, 1);
      await db.query('ROLLBACK');
      assert.equal((await fetch(`${remote}/release`)).status, 204);
      const res = await h.api(`/api/w/main/jobs_u/completed/get_result_maybe/${flowId}`);
      let outcome = (await json(res)) as { completed?: boolean; result?: unknown };
      for (let i = 0; i < 100 && !outcome.completed; i++) {
        await new Promise((r) => setTimeout(r, 100));
        outcome = (await json(
          await h.api(`/api/w/main/jobs_u/completed/get_result_maybe/${flowId}`),
        )) as typeof outcome;
      }
      assert.deepEqual([outcome.completed, outcome.result], [true, 201]);
      const steps = (
        await db.query(`SELECT flow_step_id, status, result FROM job WHERE parent_job = $1 ORDER BY created_at`, [
          flowId,
        ])
      ).rows as { flow_step_id: string; status: string; result: unknown }[];
      assert.deepEqual(
        steps.map((s) => [s.flow_step_id, s.status, s.result]),
        [
          ['call', 'success', 200],
          ['after', 'success', 201],
        ],
      );
    } finally {
      await db.end();
    }
  });
});
