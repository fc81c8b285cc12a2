import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { sendRaw } from './fuzz/raw-http.js';
import { deepArray, deepObject, fuzzRequests, long, MARKER, type FuzzRequest } from './fuzz/inputs.js';
import { TOKEN, json, startHarness, type Harness } from './harness.js';

/** Small, so bodies over and under it are quick to send. */
const BODY_LIMIT = 64 * 1024;
const TIMEOUT_MS = 5000;
const CONCURRENCY = 4;
/** A stack frame or a source location in an answer. */
const STACK = /\bat [\w$.<>]+ \(|\bat (file:|node:|\/)|\.[cm]?[jt]s:\d+:\d+/;
/** An answer that repeats this much of a long input echoes it. */
const ECHO = MARKER.repeat(125);

interface Answer {
  status: number;
  body: string;
}

interface Offence {
  request: Pick<FuzzRequest, 'method' | 'url' | 'kind'>;
  problem: string;
  body: string;
}

/** What is wrong with an answer, if anything: a 5xx, a stack trace, an echo, an error in another shape. */
function judge(url: string, answer: Answer): string | undefined {
  if (answer.status >= 500) return `status ${answer.status}`;
  if (STACK.test(answer.body)) return 'stack trace in the body';
  // A success may hold what was asked for (a link with its ?approver=); an error has no reason to.
  if (answer.status >= 400 && answer.body.includes(ECHO)) return 'echoes a long input';
  // GraphQL answers in its own shape; a route's answer is its script's.
  if (answer.status >= 400 && !url.startsWith('/graphql') && !url.startsWith('/api/r/')) {
    let error: { code?: unknown; message?: unknown } | undefined;
    try {
      error = (JSON.parse(answer.body) as { error?: typeof error }).error;
    } catch {
      // reported below
    }
    if (typeof error?.code !== 'string' || typeof error.message !== 'string')
      return 'not the {error: {code, message}} shape';
  }
  return undefined;
}

/** node:http rather than fetch, which refuses a body on GET (and a route may be a GET with one). */
function send(url: string, r: FuzzRequest): Promise<Answer> {
  const headers: Record<string, string> = { ...r.headers };
  if (!r.anonymous) headers.authorization ??= `Bearer ${TOKEN}`;
  return new Promise((resolve, reject) => {
    const req = request(url + r.url, { method: r.method, headers, timeout: TIMEOUT_MS }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer in ${TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(r.body);
  });
}

/** Runs `items` through `fn`, `limit` at a time. */
async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

const graphql = (body: unknown): FuzzRequest => ({
  method: 'POST',
  url: '/graphql',
  kind: 'graphql',
  headers: { 'content-type': 'application/json' },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
const run = (args: string) => `mutation { runScript(workspace: "main", path: "f/fuzz/echo", args: ${args}) { id } }`;

/** GraphQL's own odd inputs: its parser, validation, variables and the JSON scalar. */
function graphqlRequests(): FuzzRequest[] {
  const deepLiteral = '{a:'.repeat(2000) + '1' + '}'.repeat(2000);
  const withVariables = 'mutation($a: JSON) { runScript(workspace: "main", path: "f/fuzz/echo", args: $a) { id } }';
  const requests: [string, FuzzRequest][] = [
    ['malformed query', graphql({ query: 'query {' })],
    ['no query', graphql({})],
    ['query not a string', graphql({ query: 42 })],
    [
      'deep selection',
      graphql({ query: '{ scripts(workspace: "main") '.concat('{ path '.repeat(2000), '}'.repeat(2001)) }),
    ],
    ['deep JSON literal', graphql({ query: run(deepLiteral) })],
    ['deep list literal', graphql({ query: run(deepArray(2000)) })],
    ['deep variables', graphql(`{"query":${JSON.stringify(withVariables)},"variables":{"a":${deepObject(2000)}}}`)],
    ['variables 65 deep', graphql(`{"query":${JSON.stringify(withVariables)},"variables":{"a":${deepArray(65)}}}`)],
    ['variables not an object', graphql({ query: withVariables, variables: 'x' })],
    [
      'many aliases',
      graphql({
        query: `{ ${Array.from({ length: 5000 }, (_, i) => `a${i}: scripts(workspace: "main") { path }`).join(' ')} }`,
      }),
    ],
    ['huge string literal', graphql({ query: run(JSON.stringify(long(BODY_LIMIT / 2))) })],
    ['batch', graphql([{ query: '{ __typename }' }, { query: 'query {' }])],
    ['invalid UTF-8', { ...graphql(''), body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) }],
    [
      'deep variables by GET',
      {
        ...graphql(''),
        method: 'GET',
        headers: {},
        body: undefined,
        url: `/graphql?query=${encodeURIComponent(withVariables)}&variables=${encodeURIComponent(deepObject(2000))}`,
      },
    ],
  ];
  return requests.map(([kind, r]) => ({ ...r, kind: `graphql: ${kind}` }));
}

/** Requests fetch will not send: broken HTTP straight onto the socket. */
const RAW: Record<string, string> = {
  'garbage request line': 'GARBAGE\r\n\r\n',
  'bad header name': 'GET /api/health HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n',
  'Content-Length and Transfer-Encoding':
    'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
  'Content-Length not a number': 'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n',
  'URL over the header limit': `GET /api/w/main/scripts/get/p/${long(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
  'space in the URL': 'GET /api/w/ma in/scripts/list HTTP/1.1\r\nHost: x\r\n\r\n',
  'body shorter than Content-Length':
    'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{}',
};

describe('fuzz: odd input to every operation of openapi.json', () => {
  let h: Harness;
  let keptHash: string;
  let keptJob: Record<string, unknown>;
  const base: Record<string, string> = {
    workspace: 'main',
    path: 'f/fuzz/echo',
    resumeId: '0',
    signature: 'x',
    prefix: 'fuzz',
  };

  before(async () => {
    h = await startHarness({ RUNNEL_BODY_LIMIT: String(BODY_LIMIT), RUNNEL_SYNC_TIMEOUT_MS: '300' });
    // What must survive the fuzz: a script and a job of it (queued: no worker runs here).
    keptHash = await h.deploy('f/keep/script', 'bash', 'name="$1"\necho "hello $name"');
    const queued = await h.api('/api/w/main/jobs/run/p/f/keep/script', { method: 'POST', json: { name: 'kept' } });
    keptJob = await json(h.api(`/api/w/main/jobs_u/get/${await queued.text()}`));
    // What the fuzz aims at: a script with typed arguments, a job of it, and a route per method at
    // the same path, so that /api/r/{path} reaches the script too.
    base.hash = await h.deploy(
      'f/fuzz/echo',
      'bun',
      'export function main(n: number, s: string, o: { x: number[] } = { x: [] }) { return n; }',
    );
    base.id = await (
      await h.api('/api/w/main/jobs/run/p/f/fuzz/echo', { method: 'POST', json: { n: 1, s: 'x' } })
    ).text();
    for (const method of ['get', 'put', 'post', 'delete', 'patch']) {
      const res = await h.api('/api/w/main/http_triggers/create', {
        method: 'POST',
        json: {
          path: `f/fuzz/${method}`,
          route_path: base.path,
          http_method: method,
          script_path: 'f/fuzz/echo',
          is_flow: false,
          is_async: true,
          authentication_method: 'none',
        },
      });
      assert.equal(res.status, 201, await res.text());
    }
  });
  after(async () => h?.close());

  it('answers every request below 500, in time, without a stack trace or an echo; data survives', async (t) => {
    const requests = [...fuzzRequests(base, BODY_LIMIT), ...graphqlRequests()];
    const offences: Offence[] = [];
    const started = Date.now();
    await pool(requests, CONCURRENCY, async (r) => {
      const request = { method: r.method, url: r.url.slice(0, 120), kind: r.kind };
      try {
        const answer = await send(h.url, r);
        const problem = judge(r.url, answer);
        if (problem) offences.push({ request, problem, body: answer.body.slice(0, 200) });
      } catch (err) {
        offences.push({ request, problem: `no answer: ${(err as Error).message}`, body: '' });
      }
    });
    for (const [kind, bytes] of Object.entries(RAW)) {
      const request = { method: 'RAW', url: bytes.slice(0, 60), kind };
      try {
        const answer = await sendRaw(h.url, bytes, TIMEOUT_MS);
        const problem = answer.status === 0 ? 'no HTTP answer' : judge('/api', answer);
        if (problem) offences.push({ request, problem, body: answer.body.slice(0, 200) });
      } catch (err) {
        offences.push({ request, problem: `no answer: ${(err as Error).message}`, body: '' });
      }
    }
    const report = offences.map(
      (o) => `${o.request.method} ${o.request.url} [${o.request.kind}]: ${o.problem} — ${o.body}`,
    );
    assert.deepEqual(report, [], `${offences.length} of ${requests.length} answers are wrong:\n${report.join('\n')}`);
    t.diagnostic(`${requests.length} requests in ${Date.now() - started} ms`);

    const health = await h.api('/api/health');
    assert.equal(health.status, 200, 'the server is still up');
    const script = await json(h.api('/api/w/main/scripts/get/p/f/keep/script'));
    assert.equal(script.hash, keptHash, 'the stored script is intact');
    const job = await json(h.api(`/api/w/main/jobs_u/get/${keptJob.id as string}`));
    assert.deepEqual(job, keptJob, 'the stored job is intact');
  });
});
