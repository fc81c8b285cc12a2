#!/usr/bin/env node
// Prints the JavaScript the first page loads, gzipped: the entry files and every chunk index.html
// names (modulepreload and imports); the budget is 250 KB (issue 10). Run after the build.
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const build = new URL('../build/', import.meta.url).pathname;
const BUDGET_KB = 250;
const html = readFileSync(join(build, 'index.html'), 'utf8');
const first = new Set([...html.matchAll(/["'](\/_app\/immutable\/[^"']+\.js)["']/g)].map((m) => m[1]));
// The router loads the root layout (node 0) and the home page's node (the dictionary's "/").
const app = [...first].find((f) => f.includes('/entry/app.'));
const appCode = readFileSync(join(build, app), 'utf8');
const homeNodes = JSON.parse(/"\/":(\[[\d,]+\])/.exec(appCode)?.[1] ?? '[]');
const nodes = new Set([0, ...homeNodes.filter((n) => n >= 0)]);
for (const name of readdirSync(join(build, '_app/immutable/nodes'))) {
  if (nodes.has(Number(name.split('.')[0]))) first.add(`/_app/immutable/nodes/${name}`);
}
// Follow static imports: what those need loads at once too.
const queue = [...first];
while (queue.length) {
  const file = queue.pop();
  const code = readFileSync(join(build, file), 'utf8');
  for (const m of code.matchAll(/(?:import|from)\s*["'](\.{1,2}\/[^"']+\.js)["']/g)) {
    const dep = new URL(m[1], `http://x${file}`).pathname;
    if (first.has(dep)) continue;
    first.add(dep);
    queue.push(dep);
  }
}
const bytes = [...first].reduce((sum, f) => sum + gzipSync(readFileSync(join(build, f))).length, 0);
const kb = (bytes / 1024).toFixed(1);
console.log(`first page JS: ${kb} KB gzip (${first.size} files; budget ${BUDGET_KB} KB)`);
if (bytes > BUDGET_KB * 1024) process.exit(1);
