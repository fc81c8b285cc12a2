import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import type { UpPlatform } from './up-platform.js';
import { repoRoot } from './up-platform.js';
import { installWmill, projectDir, startWithToken, Wmill } from './wmill-cli.js';

// README "Moving from Windmill", as one team would do it: push scripts and a flow with wmill, pull
// the workspace into git, push it into another workspace, pull again (no change), run things, and
// deploy a change the way deploy/github-actions/runnel-deploy.yml does.

const FILES: Record<string, string> = {
  'f/team/greet.py': 'def main(name: str, times: int = 1):\n    return " ".join([f"hello {name}"] * times)\n',
  'f/team/shout.ts': 'export async function main(text: string) {\n  return text.toUpperCase() + "!";\n}\n',
  'f/team/count.sh': 'word="$1"\necho "counting $word"\necho -n "$word" | wc -c\n',
  'f/team/double.py': 'def main(n: int):\n    print(f"doubling {n}")\n    return n * 2\n',
};

const LOOP_FLOW = `summary: Double every item, then add them up
description: ''
value:
  modules:
    - id: each
      summary: double
      value:
        type: forloopflow
        iterator:
          type: javascript
          expr: flow_input.items
        skip_failures: false
        modules:
          - id: d
            value:
              type: script
              path: f/team/double
              input_transforms:
                n:
                  type: javascript
                  expr: flow_input.iter.value
    - id: total
      value:
        type: rawscript
        content: '!inline total.inline_script.ts'
        language: bun
        input_transforms:
          xs:
            type: javascript
            expr: results.each
schema:
  $schema: https://json-schema.org/draft/2020-12/schema
  type: object
  properties:
    items:
      type: array
      description: ''
      items:
        type: integer
  required:
    - items
`;

describe('Moving from Windmill: the wmill CLI against Runnel, end to end', () => {
  let up: UpPlatform;
  let token: string;
  let wmill: Wmill;
  let source: string;
  let repo: string;
  const cleanUps: string[] = [];

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${up.url}/api${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${text}`);
    // Some creates answer the new object's path or name as text, as Windmill's do.
    return /^[[{"]/.test(text) ? (JSON.parse(text) as Record<string, unknown>) : { text };
  };
  const write = (dir: string, file: string, text: string) => {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  };

  before(async () => {
    ({ up, token } = await startWithToken());
    wmill = new Wmill();
    source = projectDir();
    repo = projectDir();
    await api('POST', '/workspaces/create', { id: 'staging', name: 'Staging' });
    // What the CLI does not carry itself comes from the app or the API: a variable, a resource, a schedule.
    await api('POST', '/w/main/folders/create', { name: 'team', summary: 'The team' });
    await api('POST', '/w/main/variables/create', { path: 'f/team/greeting', value: 'hi', is_secret: false });
    await api('POST', '/w/main/resources/type/create', {
      name: 'team_api',
      schema: { type: 'object', properties: { url: { type: 'string' } } },
    });
    await api('POST', '/w/main/resources/create', {
      path: 'f/team/api',
      resource_type: 'team_api',
      value: { url: 'https://api.example' },
    });
  });
  after(async () => {
    for (const dir of [source, repo, ...cleanUps]) if (dir) rmSync(dir, { recursive: true, force: true });
    wmill?.cleanUp();
    await up?.stop();
  });

  it('workspace add, init, script push (Python, Bun, Bash) and flow push', async () => {
    await wmill.ok(['workspace', 'add', 'prod', 'main', `${up.url}/`, '--token', token], source);
    await wmill.ok(['init'], source);
    for (const [file, language] of [
      ['f/team/greet.py', 'python3'],
      ['f/team/shout.ts', 'bun'],
      ['f/team/count.sh', 'bash'],
      ['f/team/double.py', 'python3'],
    ]) {
      const path = file.replace(/\.\w+$/, '');
      await wmill.ok(['script', 'bootstrap', path, language, '--summary', `${path} in ${language}`], source);
      write(source, file, FILES[file]);
    }
    await wmill.ok(['generate-metadata', '--schema-only', '--yes'], source);
    for (const file of Object.keys(FILES)) {
      const pushed = await wmill.ok(['script', 'push', file], source);
      assert.match(pushed.output, new RegExp(`Created new script ${file.replace(/\.\w+$/, '')}`));
    }
    write(source, 'f/team/sum_all__flow/flow.yaml', LOOP_FLOW);
    write(
      source,
      'f/team/sum_all__flow/total.inline_script.ts',
      'export function main(xs: number[]) {\n  return { doubled: xs, total: xs.reduce((a, b) => a + b, 0) };\n}\n',
    );
    const flow = await wmill.ok(['flow', 'push', 'f/team/sum_all__flow', 'f/team/sum_all'], source);
    assert.match(flow.output, /Creating new flow/);
    await api('POST', '/w/main/schedules/create', {
      path: 'f/team/nightly',
      schedule: '0 0 3 * * *',
      timezone: 'UTC',
      script_path: 'f/team/sum_all',
      is_flow: true,
      args: { items: [1] },
      enabled: false,
    });
    const languages = await Promise.all(
      ['greet', 'shout', 'count'].map(async (n) => (await api('GET', `/w/main/scripts/get/p/f/team/${n}`)).language),
    );
    assert.deepEqual(languages, ['python3', 'bun', 'bash']);
  });

  it('sync pull into an empty folder, sync push into a second workspace, and a second pull shows no change', async () => {
    await wmill.ok(['workspace', 'add', 'prod', 'main', `${up.url}/`, '--token', token], repo);
    await wmill.ok(['workspace', 'add', 'staging', 'staging', `${up.url}/`, '--token', token], repo);
    const pulled = await wmill.ok(['sync', 'pull', '--yes', '--include-schedules', '--workspace', 'prod'], repo);
    assert.match(pulled.output, /remote \(prod\) -> local: \d+ changes to apply/);
    const read = (file: string) => readFileSync(join(repo, file), 'utf8');
    for (const [file, text] of Object.entries(FILES)) assert.equal(read(file), text, file);
    assert.match(read('f/team/greet.script.yaml'), /summary: f\/team\/greet in python3[^]*kind: script/);
    assert.match(read('f/team/sum_all.flow/flow.yaml'), /forloopflow[^]*!inline total\.inline_script\.ts/);
    assert.match(read('f/team/nightly.schedule.yaml'), /script_path: f\/team\/sum_all/);
    assert.match(read('f/team/greeting.variable.yaml'), /value: hi/);
    assert.match(read('f/team/api.resource.yaml'), /url: https:\/\/api\.example/);
    assert.match(read('team_api.resource-type.yaml'), /url:/);
    assert.match(read('f/team/folder.meta.yaml'), /summary: The team/);

    const pushed = await wmill.ok(
      ['sync', 'push', '--yes', '--include-schedules', '--workspace', 'staging'],
      repo,
      300_000,
    );
    assert.match(pushed.output, /remote \(staging\) <- local: \d+ changes to apply/);
    for (const n of ['greet', 'shout', 'count', 'double']) await api('GET', `/w/staging/scripts/get/p/f/team/${n}`);
    assert.equal(
      (await api('GET', '/w/staging/flows/get/f/team/sum_all')).summary,
      (await api('GET', '/w/main/flows/get/f/team/sum_all')).summary,
    );
    assert.equal((await api('GET', '/w/staging/schedules/get/f/team/nightly')).enabled, false);
    assert.deepEqual((await api('GET', '/w/staging/resources/get/f/team/api')).value, { url: 'https://api.example' });

    const again = await wmill.ok(['sync', 'pull', '--yes', '--include-schedules', '--workspace', 'staging'], repo);
    assert.match(again.output, /remote \(staging\) -> local: 0 changes to apply/);
  });

  it('script run and flow run (a loop) print their results', async () => {
    const greet = await wmill.ok(
      ['script', 'run', 'f/team/greet', '-d', '{"name": "ada", "times": 2}', '--workspace', 'staging'],
      repo,
    );
    assert.match(greet.output, /hello ada hello ada/);
    const count = await wmill.ok(['script', 'run', 'f/team/count', '-d', '{"word": "runnel"}', '--silent'], repo);
    assert.match(count.stdout, /counting runnel[^]*6|^"?6/m);
    const flow = await wmill.ok(
      ['flow', 'run', 'f/team/sum_all', '-d', '{"items": [1, 2, 3]}', '--workspace', 'staging'],
      repo,
      180_000,
    );
    assert.match(flow.output, /iteration 0[^]*iteration 1[^]*iteration 2/);
    assert.match(flow.output, /Flow ran to completion/);
    assert.match(flow.output, /"total": 12/);
  });

  it('deploys a change on push with deploy/wmill-deploy.sh, as the GitHub Actions example runs it', async () => {
    const workflow = parse(readFileSync(join(repoRoot, 'deploy/github-actions/runnel-deploy.yml'), 'utf8')) as {
      on: { push: { branches: string[] } };
      jobs: { deploy: { steps: { run?: string; env?: Record<string, string> }[] } };
    };
    assert.deepEqual(workflow.on.push.branches, ['main']);
    const step = workflow.jobs.deploy.steps.find((s) => s.run?.includes('wmill-deploy.sh'));
    assert.ok(step, 'the workflow runs deploy/wmill-deploy.sh');
    assert.deepEqual(Object.keys(step.env ?? {}).sort(), ['RUNNEL_TOKEN', 'RUNNEL_URL', 'RUNNEL_WORKSPACE']);

    write(repo, 'f/team/shout.ts', FILES['f/team/shout.ts'].replace('"!"', '"!!!"'));
    const ciHome = projectDir();
    cleanUps.push(ciHome);
    const deploy = (env: Record<string, string>) =>
      spawnSync('bash', [join(repoRoot, 'deploy/wmill-deploy.sh'), repo, '--include-schedules'], {
        encoding: 'utf8',
        // A CI runner's home: no profile from `workspace add`, only the variables.
        env: { PATH: process.env.PATH, HOME: ciHome, NO_COLOR: '1', ...env },
        timeout: 300_000,
      });
    const wmillCommand = `${process.execPath} ${installWmill()}`;
    const missing = deploy({ WMILL: wmillCommand });
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /set RUNNEL_URL/);
    const done = deploy({ WMILL: wmillCommand, RUNNEL_URL: up.url, RUNNEL_TOKEN: token, RUNNEL_WORKSPACE: 'staging' });
    assert.equal(done.status, 0, done.stdout + done.stderr);
    assert.match(done.stdout, /remote \(staging\) <- local: 1 changes to apply/);
    const shout = await api('POST', '/w/staging/jobs/run_wait_result/p/f/team/shout', { text: 'ship it' });
    assert.equal(shout as unknown, 'SHIP IT!!!');
  });
});
