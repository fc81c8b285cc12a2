import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { openapiDocumentPath } from '@runnel/api-contract';
import { renderOpenApi } from '../src/openapi/generate.js';
import { startHarness, type Harness } from './harness.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const FIX = 'run `npm run generate:openapi` and commit the result';

interface Operation {
  operationId: string;
  security: Record<string, string[]>[];
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
}

describe('the REST contract (openapi/openapi.json)', () => {
  it('is what the controllers generate', async () => {
    const committed = await readFile(openapiDocumentPath, 'utf8');
    assert.equal(committed, await renderOpenApi(), `openapi.json is stale: ${FIX}`);
  });

  it('has the client types generated from it', async () => {
    const generator = (await import(new URL('openapi/scripts/generate-client.mjs', `file://${root}`).href)) as {
      renderApiTypes: () => Promise<string>;
      apiTypesPath: string;
    };
    const committed = await readFile(generator.apiTypesPath, 'utf8');
    assert.equal(committed, await generator.renderApiTypes(), `openapi/src/api-types.ts is stale: ${FIX}`);
  });

  it('passes Redocly lint without errors or warnings', () => {
    const res = spawnSync(`${root}node_modules/.bin/redocly`, ['lint', 'openapi.json'], {
      cwd: `${root}openapi`,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    const output = `${res.stdout}\n${res.stderr}`;
    assert.equal(res.status, 0, output);
    assert.doesNotMatch(output, /You have \d+ warnings?/, output);
  });

  it('names every operation uniquely', async () => {
    const doc = JSON.parse(await readFile(openapiDocumentPath, 'utf8')) as Document;
    const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ['createScript', 'getScriptByPath', 'runScriptByPath', 'runWaitResultScriptByPath', 'getJob']) {
      assert.ok(ids.includes(id), id);
    }
  });
});

describe('the REST contract, served', () => {
  let h: Harness;
  let doc: Document;
  before(async () => {
    h = await startHarness();
    doc = JSON.parse(await readFile(openapiDocumentPath, 'utf8')) as Document;
  });
  after(async () => h?.close());

  it('serves the committed document at /api/openapi.json without a token', async () => {
    const res = await fetch(`${h.url}/api/openapi.json`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(await res.text(), await readFile(openapiDocumentPath, 'utf8'));
  });

  it('serves Swagger UI at /api/docs from local assets', async () => {
    const res = await fetch(`${h.url}/api/docs`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    const html = await res.text();
    assert.match(html, /swagger-ui/);
    assert.doesNotMatch(html, /(src|href)="https?:/, 'no asset from a CDN');
    for (const asset of ['swagger-ui-bundle.js', 'swagger-ui.css', 'swagger-ui-init.js']) {
      assert.equal((await fetch(`${h.url}/api/docs/${asset}`)).status, 200, asset);
    }
  });

  // The document's `security` must say what the AuthGuard does: a secured operation refuses a
  // caller without a token; a public one lets it through to the handler.
  it('marks exactly the operations the guard lets through without a token as public', async () => {
    const sample: Record<string, string> = {
      workspace: 'main',
      path: 'f/none/here',
      id: '00000000-0000-4000-8000-000000000000',
      hash: 'deadbeefdeadbeef',
      resumeId: '0',
      signature: 'bad',
      prefix: 'nope',
    };
    for (const [template, item] of Object.entries(doc.paths)) {
      const url = template.replace(/\{(\w+)\}/g, (_m, name: string) => sample[name] ?? 'x');
      for (const [method, op] of Object.entries(item)) {
        const res = await fetch(h.url + url, {
          method: method.toUpperCase(),
          ...(method === 'get' || method === 'delete'
            ? {}
            : { headers: { 'content-type': 'application/json' }, body: '{}' }),
        });
        const text = await res.text();
        const refused = res.status === 401 && /missing token/.test(text);
        assert.equal(refused, op.security.length > 0, `${method.toUpperCase()} ${url} (${op.operationId}): ${text}`);
      }
    }
  });
});
