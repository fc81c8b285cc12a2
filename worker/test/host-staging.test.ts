import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { reachableCopy } from '../src/sandboxes/host.js';

const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

/** Reads `file` as another user, as bwrap does for a sandbox of a slot uid; '' if it can't. */
function readAsNobody(file: string): string {
  const run = spawnSync('/usr/bin/cat', [file], { uid: NOBODY, gid: NOBODY, encoding: 'utf8' });
  return run.status === 0 ? run.stdout : '';
}

/** Folders bound into sandboxes (the SDK) staged like interpreters when the job uids can't reach them. */
describe('reachableCopy of a folder', () => {
  const root = mkdtempSync(join(tmpdir(), 'runnel-staging-'));
  chmodSync(root, 0o755);
  after(() => rmSync(root, { recursive: true, force: true }));

  /** A folder like the SDK's: a package with a nested file, written with modes others can't read. */
  function sdkFolder(parent: string, text: string): string {
    const dir = join(parent, 'sdk');
    mkdirSync(join(dir, 'runnel'), { recursive: true, mode: 0o700 });
    writeFileSync(join(dir, 'runnel', 'index.js'), text, { mode: 0o600 });
    chmodSync(dir, 0o700);
    return dir;
  }

  it('copies a folder under a closed directory into the stage, readable by others, named by its content', () => {
    const closed = join(root, 'closed');
    mkdirSync(closed, { mode: 0o700 });
    const dir = sdkFolder(closed, 'export const v = 1;\n');
    const stage = join(root, 'stage-a');
    const copy = reachableCopy(dir, stage);
    assert.notEqual(copy, dir);
    assert.ok(copy.startsWith(`${stage}/`), copy);
    assert.equal(readFileSync(join(copy, 'runnel', 'index.js'), 'utf8'), 'export const v = 1;\n');
    assert.equal(statSync(join(copy, 'runnel')).mode & 0o777, 0o755);
    assert.equal(statSync(join(copy, 'runnel', 'index.js')).mode & 0o777, 0o644);
    if (asRoot) assert.equal(readAsNobody(join(copy, 'runnel', 'index.js')), 'export const v = 1;\n');

    // Another stage asks again (a new worker): a changed folder gets a copy of its own.
    writeFileSync(join(dir, 'runnel', 'index.js'), 'export const v = 2;\n');
    const changed = reachableCopy(dir, join(root, 'stage-b'));
    const same = reachableCopy(sdkFolder(mkdtempSync(join(closed, 'again-')), 'export const v = 1;\n'), stage);
    assert.equal(same, copy, 'the same content: the same copy');
    assert.notEqual(basename(changed), basename(copy), 'a new content: a new name');
  });

  it('binds a folder others can already read as it is', () => {
    const open = join(root, 'open');
    const dir = sdkFolder(open, 'export {};\n');
    chmodSync(open, 0o755);
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'runnel'), 0o755);
    chmodSync(join(dir, 'runnel', 'index.js'), 0o644);
    assert.equal(reachableCopy(dir, join(root, 'stage-c')), dir);
  });
});
