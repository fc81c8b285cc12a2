#!/usr/bin/env node
// Runs every compiled test file (`dist/**/*.test.js`) of every workspace with node's test runner.
// Usage: node scripts/test.mjs [filter]  — only files whose path contains `filter`.
// Without a filter (or with `frontend`), the app's vitest unit tests run first.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const workspaces = ['protocol', 'runtimes', 'worker', 'openapi', 'server'];
const filter = process.argv[2] ?? '';

function walk(dir, out) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    const path = join(dir, name);
    if (name === 'node_modules') continue;
    if (statSync(path).isDirectory()) walk(path, out);
    else if (name.endsWith('.test.js') && path.includes(filter)) out.push(path);
  }
  return out;
}

if (filter === '' || filter === 'frontend') {
  const unit = spawnSync('npm', ['run', 'test', '--silent', '-w', 'frontend'], { stdio: 'inherit', cwd: root });
  if (unit.status !== 0) process.exit(unit.status ?? 1);
  if (filter === 'frontend') process.exit(0);
}

const files = workspaces.flatMap((w) => walk(join(root, w, 'dist'), [])).sort();
if (files.length === 0) {
  console.error(`no test files match "${filter}"; did the build run?`);
  process.exit(1);
}
// Integration tests share the machine's PostgreSQL and NATS; one file at a time keeps a
// 2-core machine from timing out sandboxes. Each file isolates itself (own database, own streams).
const res = spawnSync(
  process.execPath,
  [
    '--test',
    '--test-concurrency=1',
    '--test-force-exit',
    '--test-timeout=240000',
    // TAP as before, then the failed tests again at the very end, where a CI log's tail shows them.
    '--test-reporter=tap',
    '--test-reporter-destination=stdout',
    `--test-reporter=${join(root, 'scripts', 'test-failures.mjs')}`,
    '--test-reporter-destination=stdout',
    ...files,
  ],
  { stdio: 'inherit', cwd: root },
);
process.exit(res.status ?? 1);
