import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { test } from 'node:test';

// The engine's own sources, read from src (this file runs from dist/src/flows/engine/).
const dir = new URL('../../../../src/flows/engine/', import.meta.url);
const sources = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

/** The engine files each engine file imports (`./x.js`, type-only imports included). */
function importsOf(file: string): string[] {
  const text = readFileSync(new URL(file, dir), 'utf8');
  return [...text.matchAll(/\bfrom '\.\/([\w-]+)\.js'/g)].map((m) => `${m[1]}.ts`);
}

const graph = new Map(sources.map((f) => [f, importsOf(f)]));

test('the engine sources are found and import one another', () => {
  assert.ok(graph.has('run.ts') && graph.has('index.ts'), `sources: ${sources.join(', ')}`);
  assert.ok(graph.get('run.ts')!.length > 0);
});

test('the engine has no import cycle', () => {
  const done = new Set<string>();
  const walk = (file: string, path: string[]): void => {
    if (path.includes(file)) assert.fail(`import cycle: ${[...path.slice(path.indexOf(file)), file].join(' → ')}`);
    if (done.has(file)) return;
    for (const dep of graph.get(file) ?? []) walk(dep, [...path, file]);
    done.add(file);
  };
  for (const file of sources) walk(file, []);
});

test('handlers return what to do next: only index.ts imports run.ts, and nothing imports index.ts', () => {
  for (const [file, deps] of graph) {
    if (file !== 'index.ts') assert.ok(!deps.includes('run.ts'), `${file} imports run.ts`);
    assert.ok(!deps.includes('index.ts'), `${file} imports index.ts`);
  }
});
