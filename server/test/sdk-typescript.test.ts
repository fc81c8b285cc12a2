import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { json, startHarness, type Harness } from './harness.js';
import {
  assertMasked,
  createSquareFlow,
  createVariable,
  jobRow,
  runToEnd,
  succeeded,
  variableValue,
} from './sdk-helpers.js';

/** How each runtime's Windmill scripts import the client: Bun by bare name, Deno through npm:. */
const WINDMILL_IMPORT = { bun: 'windmill-client', deno: 'npm:windmill-client@1' } as const;
const LANGUAGES = ['bun', 'deno'] as const;

/** A Windmill script, unchanged: a variable, state across runs, a child waited for and one not, progress. */
const windmillScript = (language: (typeof LANGUAGES)[number]) => `
import * as wmill from '${WINDMILL_IMPORT[language]}';

export async function main(label: string) {
  const greeting = await wmill.getVariable('f/sdk/greeting');
  const count = ((await wmill.getState()) ?? 0) + 1;
  await wmill.setState(count);
  const doubled = await wmill.runScript('f/sdk/double', null, { x: count });
  const childId = await wmill.runScriptAsync('f/sdk/double', null, { x: 21 });
  await wmill.setProgress(40);
  await wmill.setVariable('f/sdk/written_' + label, greeting + ' ' + count);
  return { greeting, count, doubled, childId };
}
`;

/** A secret read through the SDK, printed and returned: masked in both. */
const secretScript = (language: (typeof LANGUAGES)[number]) => `
import * as wmill from '${WINDMILL_IMPORT[language]}';

export async function main() {
  const secret = await wmill.getVariable('f/sdk/secret');
  console.log('the secret is', secret);
  return { secret, length: secret.length };
}
`;

/** The Runnel name: flows waited for and not, resume URLs, an absent resource, many requests at once, a refusal. */
const runnelScript = `
import * as runnel from 'runnel';

export async function main() {
  const flow = await runnel.runFlow('f/sdk/flow', { n: 4 });
  const flowId = await runnel.runFlowAsync('f/sdk/flow', { n: 5 });
  console.log('flow gave', flow, 'and started', flowId);
  const urls = await runnel.getResumeUrls();
  const absent = await runnel.getResource('f/sdk/absent', true);
  // More at once than the platform answers for one job (8): eight wait for children, so the
  // variables are refused as too many (429) until a child ends, and the SDK tries them again.
  const children = Array.from({ length: 8 }, (_, x) => runnel.runScript('f/sdk/double', null, { x }));
  const values = Array.from({ length: 6 }, () => runnel.getVariable('f/sdk/greeting'));
  const [doubled, greetings] = await Promise.all([Promise.all(children), Promise.all(values)]);
  console.log('many', doubled.join(), greetings.every((value) => value === 'hello'));
  console.log('resume urls', Object.keys(urls).sort().join(), 'absent', String(absent));
  return await runnel.getVariable('f/sdk/missing');
}
`;

/**
 * The TypeScript SDK in real Bun and Deno jobs, through 'windmill-client' and 'runnel', against a
 * real platform and worker. The server's npm registry is a local one that counts requests: the
 * SDK must never be looked up there, at deploy or at run time.
 */
describe('the TypeScript SDK in Bun and Deno jobs', () => {
  const SECRET = `sdk-secret-${randomBytes(8).toString('hex')}`;
  let h: Harness;
  let registry: Server;
  const registryRequests: string[] = [];

  before(async () => {
    registry = createServer((req, res) => {
      registryRequests.push(req.url ?? '');
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
    const { port } = registry.address() as AddressInfo;
    h = await startHarness({
      RUNNEL_MASTER_KEY: randomBytes(32).toString('base64'),
      RUNNEL_NPM_REGISTRY: `http://127.0.0.1:${port}/`,
    });
    await h.startWorker();
    await createVariable(h, 'f/sdk/greeting', 'hello');
    await createVariable(h, 'f/sdk/secret', SECRET, true);
    await h.deploy('f/sdk/double', 'bun', 'export function main(x: number) { return x * 2; }');
    await createSquareFlow(h, 'f/sdk/flow');
  });
  after(async () => {
    await h?.close();
    registry?.close();
  });

  for (const language of LANGUAGES) {
    it(`runs a Windmill script unchanged in ${language}: variable, state across runs, runScript waiting and not, progress`, async () => {
      const path = `f/sdk/windmill_${language}`;
      const deployed = await h.deploy(path, language, windmillScript(language));
      const script = await json(h.api(`/api/w/main/scripts/get/h/${deployed}`));
      assert.equal(script.lock ?? null, null, 'the SDK is no dependency: nothing to lock');

      const first = await runToEnd(h, path, { label: language });
      const result = succeeded(first) as { greeting: string; count: number; doubled: number; childId: string };
      assert.deepEqual(
        { ...result, childId: undefined },
        { greeting: 'hello', count: 1, doubled: 2, childId: undefined },
      );
      assert.equal(first.progress, 40);
      assert.equal(await variableValue(h, `f/sdk/written_${language}`), 'hello 1');

      const child = await jobRow(h, result.childId);
      assert.equal(succeeded(child), 42);
      assert.equal(child.parent_job, first.id, 'the child started without waiting records its parent');

      const second = succeeded(await runToEnd(h, path, { label: language })) as { count: number; doubled: number };
      assert.deepEqual([second.count, second.doubled], [2, 4], 'the state kept by the first run');
      assert.equal(await variableValue(h, `f/sdk/written_${language}`), 'hello 2');
    });

    it(`runs flows, gets resume URLs, waits its turn with many requests in ${language}; fails the job with the platform's message`, async () => {
      const path = `f/sdk/runnel_${language}`;
      await h.deploy(path, language, runnelScript);
      const job = await runToEnd(h, path);
      assert.equal(job.status, 'failure');
      assert.equal(job.result.error.name, 'RunnelError');
      assert.match(job.result.error.message, /f\/sdk\/missing/);
      const logs = await (await h.api(`/api/w/main/jobs_u/get_logs/${job.id}`)).text();
      const flowId = /flow gave 16 and started (\S+)/.exec(logs)?.[1];
      assert.ok(flowId, logs);
      const flow = await jobRow(h, flowId);
      assert.equal(succeeded(flow), 25);
      assert.equal(flow.parent_job, job.id);
      assert.match(logs, /resume urls approvalPage,cancel,resume absent undefined/);
      assert.match(logs, /many 0,2,4,6,8,10,12,14 true/);
    });
  }

  for (const language of LANGUAGES) {
    it(`masks a secret a ${language} job read through the SDK in its logs and result`, async () => {
      await h.deploy(`f/sdk/secret_${language}`, language, secretScript(language));
      await assertMasked(h, await runToEnd(h, `f/sdk/secret_${language}`), SECRET);
    });
  }

  it('never asked the npm registry for the SDK', () => {
    assert.deepEqual(registryRequests, []);
  });
});
