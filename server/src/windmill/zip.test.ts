import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { crc32, zipArchive } from './zip.js';

describe('zipArchive', () => {
  it('computes the CRC-32 of the check string', () => {
    assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
    assert.equal(crc32(Buffer.alloc(0)), 0);
  });

  it('writes an archive unzip reads back, UTF-8 names and contents included, the same bytes each time', () => {
    const files = [
      { path: 'f/a/folder.meta.json', content: '{"summary":"A"}' },
      { path: 'f/a/é.py', content: 'print("ünïcode")\n' },
      { path: 'empty.txt', content: '' },
    ];
    const dir = mkdtempSync(join(tmpdir(), 'runnel-zip-'));
    try {
      const file = join(dir, 'x.zip');
      writeFileSync(file, zipArchive(files));
      execFileSync('unzip', ['-tq', file]);
      assert.deepEqual(execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).trim().split('\n'), [
        'f/a/folder.meta.json',
        'f/a/é.py',
        'empty.txt',
      ]);
      assert.equal(execFileSync('unzip', ['-p', file, 'f/a/é.py'], { encoding: 'utf8' }), 'print("ünïcode")\n');
      assert.deepEqual(zipArchive(files), zipArchive(files));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
