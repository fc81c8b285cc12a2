import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from './up-platform.js';

const build = join(repoRoot, 'frontend', 'build');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

describe("the app's production build (npm run build)", () => {
  it('ships none of the component demos (frontend/tests/fixtures/demos)', () => {
    const all = files(build);
    assert.ok(
      all.some((f) => f.endsWith('index.html')),
      'no build: run npm run build',
    );
    // Strings only the demos hold: their headings and controls.
    const demoOnly = ['Component demos', 'Append 5 MB', 'As if the server capped it', 'Show a parse error'];
    for (const file of all.filter((f) => /\.(js|html|css)$/.test(f))) {
      const text = readFileSync(file, 'utf8');
      for (const marker of demoOnly) assert.ok(!text.includes(marker), `${file} holds "${marker}"`);
    }
    assert.ok(!all.some((f) => /LogsDemo|EditorDemo|ResultDemo|FormsDemo/.test(f)));
  });
});
