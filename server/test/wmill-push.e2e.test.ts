import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { UpPlatform } from './up-platform.js';
import { projectDir, startWithToken, Wmill } from './wmill-cli.js';

const PY = 'def main(name: str, times: int = 2):\n    return f"hello {name}" * times\n';
const BUN =
  'export async function main(name: string, loud = false) {\n  return loud ? `HELLO ${name}` : `hello ${name}`;\n}\n';
const SH = 'name="$1"\necho "hello $name"\n';

const FLOW = `summary: Greet
description: ''
value:
  modules:
    - id: a
      value:
        type: rawscript
        content: '!inline shout.inline_script.ts'
        language: bun
        input_transforms:
          name:
            type: javascript
            expr: flow_input.name
    - id: b
      value:
        type: script
        path: f/wm/hello_py
        input_transforms:
          name:
            type: javascript
            expr: results.a
          times:
            type: static
            value: 1
schema:
  $schema: https://json-schema.org/draft/2020-12/schema
  type: object
  properties:
    name:
      type: string
      description: ''
  required:
    - name
`;

describe("Windmill's CLI: script push and flow push", () => {
  let up: UpPlatform;
  let token: string;
  let wmill: Wmill;
  let dir: string;

  const api = (path: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${up.url}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: {
        authorization: `Bearer ${token}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const json = async (path: string) => {
    const res = await api(path);
    assert.equal(res.status, 200, `${path}: ${await res.clone().text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
  const run = async (what: string, args: Record<string, unknown>) => {
    const res = await api(`/api/w/main/jobs/run_wait_result/${what}`, { body: args });
    assert.equal(res.status, 200, await res.clone().text());
    return res.json();
  };
  const write = (file: string, text: string) => {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  };

  before(async () => {
    ({ up, token } = await startWithToken());
    wmill = new Wmill();
    dir = projectDir();
    await wmill.ok(['workspace', 'add', 'runnel', 'main', `${up.url}/`, '--token', token], dir);
    const init = await wmill.ok(['init'], dir);
    assert.match(init.output, /wmill\.yaml created/);
  });
  after(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    wmill?.cleanUp();
    await up?.stop();
  });

  it('pushes Python, Bun and Bash scripts with the metadata the CLI generates, and again as up to date', async () => {
    for (const [name, lang, ext, code] of [
      ['hello_py', 'python3', 'py', PY],
      ['hello_bun', 'bun', 'ts', BUN],
      ['hello_sh', 'bash', 'sh', SH],
    ]) {
      await wmill.ok(['script', 'bootstrap', `f/wm/${name}`, lang, '--summary', `Say hello in ${lang}`], dir);
      write(`f/wm/${name}.${ext}`, code);
    }
    // The schema from the CLI's own parsers; the lock is Runnel's business (it locks at deploy).
    await wmill.ok(['generate-metadata', '--schema-only', '--yes'], dir);

    for (const [name, ext, lang] of [
      ['hello_py', 'py', 'python3'],
      ['hello_bun', 'ts', 'bun'],
      ['hello_sh', 'sh', 'bash'],
    ]) {
      const pushed = await wmill.ok(['script', 'push', `f/wm/${name}.${ext}`], dir);
      assert.match(pushed.output, new RegExp(`Created new script f/wm/${name}`));
      const script = await json(`/api/w/main/scripts/get/p/f/wm/${name}`);
      assert.equal(script.language, lang);
      assert.equal(script.summary, `Say hello in ${lang}`);
      assert.equal(script.kind, 'script');
      assert.equal(script.tag, null);
      assert.equal(script.ws_error_handler_muted, false);
      const schema = script.schema as { properties: Record<string, { type: string }>; required: string[] };
      assert.equal(schema.properties.name.type, 'string');
      assert.deepEqual(schema.required, ['name']);

      const again = await wmill.ok(['script', 'push', `f/wm/${name}.${ext}`], dir);
      assert.match(again.output, new RegExp(`Script f/wm/${name} is up to date`));
      const history = (await (await api(`/api/w/main/scripts/history/p/f/wm/${name}`)).json()) as unknown[];
      assert.equal(history.length, 1, 'an unchanged push makes no version');
    }

    // What the CLI reads back is what it sent: the schema file and the server's answer agree.
    const local = readFileSync(join(dir, 'f/wm/hello_py.script.yaml'), 'utf8');
    assert.match(local, /times:\n\s+type: integer\n\s+description: ''\n\s+default: 2/);
    const py = await json('/api/w/main/scripts/get/p/f/wm/hello_py');
    assert.deepEqual((py.schema as { properties: object }).properties, {
      name: { type: 'string', description: '', default: null, originalType: 'string' },
      times: { type: 'integer', description: '', default: 2 },
    });

    // Deployed: each runs by path through Runnel's API.
    assert.equal(await run('p/f/wm/hello_py', { name: 'py', times: 1 }), 'hello py');
    assert.equal(await run('p/f/wm/hello_bun', { name: 'bun', loud: true }), 'HELLO bun');
    assert.equal(await run('p/f/wm/hello_sh', { name: 'sh' }), 'hello sh');

    // A changed summary is a new version, its parent the first.
    const meta = readFileSync(join(dir, 'f/wm/hello_sh.script.yaml'), 'utf8');
    writeFileSync(join(dir, 'f/wm/hello_sh.script.yaml'), meta.replace(/^summary: .*$/m, 'summary: Changed'));
    const changed = await wmill.ok(['script', 'push', 'f/wm/hello_sh.sh'], dir);
    assert.match(changed.output, /Updated script f\/wm\/hello_sh/);
    const sh = await json('/api/w/main/scripts/get/p/f/wm/hello_sh');
    assert.equal(sh.summary, 'Changed');
    assert.ok(sh.parent_hash);
  });

  it('pushes a flow folder, updates it with flows/update, and deletes it with flows/delete', async () => {
    // A flow folder ends in __flow as the wmill.yaml `init` writes says (nonDottedPaths); `.flow` is the older form.
    await wmill.ok(['script', 'push', 'f/wm/hello_py.py'], dir);
    write('f/wm/greet__flow/flow.yaml', FLOW);
    write(
      'f/wm/greet__flow/shout.inline_script.ts',
      'export function main(name: string) {\n  return name.toUpperCase();\n}\n',
    );

    const created = await wmill.ok(['flow', 'push', 'f/wm/greet__flow', 'f/wm/greet'], dir);
    assert.match(created.output, /Creating new flow/);
    const flow = await json('/api/w/main/flows/get/f/wm/greet');
    assert.equal(flow.summary, 'Greet');
    const modules = (flow.value as { modules: { id: string; value: { content?: string } }[] }).modules;
    assert.deepEqual(
      modules.map((m) => m.id),
      ['a', 'b'],
    );
    assert.match(modules[0].value.content ?? '', /toUpperCase/, 'the inline script is sent, not its file name');
    assert.equal(await run('f/f/wm/greet', { name: 'flo' }), 'hello FLO');

    const same = await wmill.ok(['flow', 'push', 'f/wm/greet__flow', 'f/wm/greet'], dir);
    assert.match(same.output, /Flow f\/wm\/greet is up to date/);

    write('f/wm/greet__flow/flow.yaml', FLOW.replace('summary: Greet', 'summary: Greet loudly'));
    const updated = await wmill.ok(['flow', 'push', 'f/wm/greet__flow', 'f/wm/greet'], dir);
    assert.match(updated.output, /Updating flow f\/wm\/greet/);
    assert.equal((await json('/api/w/main/flows/get/f/wm/greet')).summary, 'Greet loudly');
    const versions = (await (await api('/api/w/main/flows/history/p/f/wm/greet')).json()) as unknown[];
    assert.equal(versions.length, 2);

    const deleted = await api('/api/w/main/flows/delete/f/wm/greet', { method: 'DELETE' });
    assert.equal(deleted.status, 200, await deleted.clone().text());
    assert.equal((await api('/api/w/main/flows/get/f/wm/greet')).status, 404);
    const again = await api('/api/w/main/flows/delete/f/wm/greet', { method: 'DELETE' });
    assert.equal(again.status, 404);
    assert.match(
      ((await again.json()) as { error: { message: string } }).error.message,
      /flow "f\/wm\/greet" not found/,
    );
    const audit = (await (await api('/api/w/main/audit/list?per_page=1000')).json()) as {
      action: string;
      path: string;
    }[];
    const actions = audit.filter((e) => e.path === 'f/wm/greet' && e.action.startsWith('flows.')).map((e) => e.action);
    assert.deepEqual(actions, ['flows.delete', 'flows.update', 'flows.create']);

    // Updating a flow that is not there is a 404; the CLI creates it instead when it sees none.
    const missing = await api('/api/w/main/flows/update/f/wm/greet', { body: { value: { modules: [] } } });
    assert.equal(missing.status, 404);
    const renamed = await api('/api/w/main/flows/update/f/wm/nowhere', {
      body: { path: 'f/wm/elsewhere', value: { modules: [] } },
    });
    assert.equal(renamed.status, 400);
  });

  it("takes Windmill's NewScript fields, refuses unknown ones by name, and answers the schema as sent", async () => {
    const schema = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      required: ['x'],
      properties: { x: { type: 'integer', description: 'a number', default: null, 'x-custom': { order: [2, 1] } } },
    };
    const body = {
      path: 'f/wm/api_fields',
      language: 'bun',
      content: 'export function main(x: number) { return x * 2; }\n',
      summary: 'Fields',
      description: '',
      schema,
      kind: 'script',
      lock: '',
      skip_draft_deletion: true,
      auto_parent: true,
      deployment_message: 'from the CLI',
      ws_error_handler_muted: true,
      concurrent_limit: 2,
      concurrency_time_window_s: 60,
      envs: ['A=1'],
      dedicated_worker: false,
      restart_unless_cancelled: false,
      visible_to_runner_only: false,
      has_preprocessor: false,
      priority: 3,
      cache_ttl: 10,
      timeout: 30,
    };
    const first = await api('/api/w/main/scripts/create?skip_if_noop=true', { body });
    assert.equal(first.status, 201, await first.clone().text());
    assert.equal(first.headers.get('x-runnel-new-version'), 'true');
    const hash = await first.text();
    const again = await api('/api/w/main/scripts/create?skip_if_noop=true', { body });
    assert.equal(again.status, 201, 'Windmill answers 201 to an unchanged push too');
    assert.equal(again.headers.get('x-runnel-new-version'), 'false');
    assert.equal(await again.text(), hash);

    const raw = await (await api('/api/w/main/scripts/get/p/f/wm/api_fields')).text();
    assert.ok(raw.includes(JSON.stringify(schema)), `the schema is answered exactly as sent:\n${raw}`);
    const script = JSON.parse(raw) as Record<string, unknown>;
    assert.equal(script.ws_error_handler_muted, true);
    assert.equal(script.concurrent_limit, 2);
    assert.deepEqual(script.envs, ['A=1']);
    assert.equal(script.priority, 3);
    assert.equal(script.timeout, 30);
    assert.equal(script.deployment_message, undefined, 'request fields are not stored');
    // Arguments are still checked against the signature Runnel reads.
    assert.equal(await run('p/f/wm/api_fields', { x: 21 }), 42);

    const unknown = await api('/api/w/main/scripts/create', {
      body: { ...body, no_such_field: 1, another_one: true },
    });
    assert.equal(unknown.status, 400);
    const { error } = (await unknown.json()) as { error: { message: string } };
    assert.match(error.message, /no_such_field/);
    assert.match(error.message, /another_one/);

    const tagged = await api('/api/w/main/scripts/create', { body: { ...body, path: 'f/wm/tagged', tag: 'default' } });
    assert.equal(tagged.status, 201);
    assert.equal((await json('/api/w/main/scripts/get/p/f/wm/tagged')).tag, 'default', 'a tag given is answered');

    const drafted = await api('/api/w/main/scripts/create', {
      body: { ...body, path: 'f/wm/draft', draft_only: true },
    });
    assert.equal(drafted.status, 400);
    assert.match(await drafted.text(), /draft_only/);
  });

  it("locks a script's imports as Windmill's dependencies job, and answers get_result_maybe", async () => {
    const queued = await api('/api/w/main/jobs/run/dependencies_async', {
      body: {
        raw_scripts: [{ raw_code: PY, language: 'python3', script_path: 'f/wm/hello_py' }],
        raw_workspace_dependencies: null,
        entrypoint: 'f/wm/hello_py',
        temp_script_refs: null,
      },
    });
    assert.equal(queued.status, 201, await queued.clone().text());
    const id = (await queued.text()).trim();
    const result = await json(`/api/w/main/jobs_u/completed/get_result_maybe/${id}?get_started=false`);
    assert.deepEqual(result, { completed: true, started: true, success: true, result: { lock: '' } });

    const withDeps = await api('/api/w/main/jobs/run/dependencies_async', {
      body: {
        raw_scripts: [{ raw_code: PY, language: 'python3' }],
        raw_workspace_dependencies: { 'dependencies/requirements.in': 'x' },
      },
    });
    assert.equal(withDeps.status, 400);
    assert.match(await withDeps.text(), /raw_workspace_dependencies/);

    // Any job the caller may read, in the same words.
    const run = await api('/api/w/main/jobs/run/p/f/wm/hello_sh', { body: { name: 'job' } });
    const jobId = await run.text();
    let maybe: Record<string, unknown> = { completed: false };
    for (let i = 0; i < 300 && !maybe.completed; i++) {
      maybe = await json(`/api/w/main/jobs_u/completed/get_result_maybe/${jobId}`);
      if (!maybe.completed) await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual(maybe, { completed: true, started: true, success: true, result: 'hello job' });
    const missing = await api('/api/w/main/jobs_u/completed/get_result_maybe/00000000-0000-4000-8000-000000000000');
    assert.equal(missing.status, 404);
    assert.equal((await api('/api/w/main/jobs_u/completed/get_result_maybe/not-an-id')).status, 404);
  });

  it('generates locks with wmill generate-metadata, the same lock a push then finds up to date', async () => {
    await wmill.ok(['script', 'bootstrap', 'f/wm/with_ms', 'bun'], dir);
    write('f/wm/with_ms.ts', "import ms from 'ms';\nexport function main(span: string) {\n  return ms(span);\n}\n");
    // The CLI sends this request with its token in a cookie alone; HEADERS (its own setting) adds the bearer.
    const headers = { HEADERS: `Authorization: Bearer ${token}` };
    const generated = await wmill.ok(['generate-metadata', '--yes'], dir, 180_000, headers);
    // Every item, the flow folder too (flow_dependencies_async): no "Updated 2/3 item(s). 1 failed".
    assert.match(generated.output, /Done\. Updated 3 item\(s\)\./);
    const lock = readFileSync(join(dir, 'f/wm/with_ms.script.lock'), 'utf8');
    assert.match(lock, /node_modules\/ms/);
    assert.match(readFileSync(join(dir, 'f/wm/with_ms.script.yaml'), 'utf8'), /span:\n\s+type: string/);

    const pushed = await wmill.ok(['script', 'push', 'f/wm/with_ms.ts'], dir);
    assert.match(pushed.output, /Created new script f\/wm\/with_ms/);
    assert.equal((await json('/api/w/main/scripts/get/p/f/wm/with_ms')).lock, lock, 'Runnel locks it the same');
    const again = await wmill.ok(['script', 'push', 'f/wm/with_ms.ts'], dir);
    assert.match(again.output, /Script f\/wm\/with_ms is up to date/);
    assert.equal(await run('p/f/wm/with_ms', { span: '1m' }), 60000);
  });
});
