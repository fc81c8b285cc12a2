import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { assertLocksMs } from './deps-helpers.js';
import { json, startHarness, type Harness } from './harness.js';
import { createVariable, runToEnd, succeeded } from './sdk-helpers.js';

/** A script with a locked package and the SDK: the lock holds the package only, and both load. */
const script = (msImport: string, sdkImport: string) => `
import ms from '${msImport}';
import * as wmill from '${sdkImport}';

export async function main() {
  return ms(await wmill.getVariable('f/sdk/period'));
}
`;

/** The SDK beside a job's locked dependencies (ADR 0035): /job/node_modules is the lock, /node_modules the SDK. */
describe('the TypeScript SDK beside locked npm dependencies', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ RUNNEL_MASTER_KEY: randomBytes(32).toString('base64') });
    await h.startWorker();
    await createVariable(h, 'f/sdk/period', '2h');
  });
  after(async () => h?.close());

  const cases = [
    { language: 'bun', content: script('ms@2.1.3', 'windmill-client') },
    { language: 'deno', content: script('npm:ms@2.1.3', 'npm:windmill-client@1.400.0') },
  ];
  for (const { language, content } of cases) {
    it(`locks only ms for a ${language} script that also imports the SDK, and runs it`, async () => {
      const path = `f/sdk/ms_${language}`;
      const hash = await h.deploy(path, language, content);
      const { lock } = await json(h.api(`/api/w/main/scripts/get/h/${hash}`));
      assertLocksMs(lock);
      assert.deepEqual(Object.keys(JSON.parse(lock).packages), ['', 'node_modules/ms'], 'ms alone, not the SDK');
      assert.equal(succeeded(await runToEnd(h, path)), 7_200_000);
    });
  }
});
