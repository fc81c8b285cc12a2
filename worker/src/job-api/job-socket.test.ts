import assert from 'node:assert/strict';
import { closeSync, constants, existsSync, mkdirSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { JobSocket, type RequestHandler } from './job-socket.js';

/** Sends `line` and reads the reply to its end. */
function ask(path: string, line: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const client = connect(path, () => client.end(line));
    let out = '';
    client.on('data', (c: Buffer) => (out += c.toString()));
    client.on('end', () => resolve(JSON.parse(out)));
    client.on('error', reject);
  });
}

const echo: RequestHandler = (request) => Promise.resolve({ ok: true, value: request });

describe('JobSocket', () => {
  const root = mkdtempSync(join(tmpdir(), 'job-socket-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('answers one line with one line, and its file goes when it closes', async () => {
    const socket = await JobSocket.listen(root, '.runnel.sock', undefined, echo);
    const path = join(root, '.runnel.sock');
    assert.deepEqual(await ask(path, '{"op": "get_state"}\n'), { ok: true, value: { op: 'get_state' } });
    // Without the newline, the end of the request counts as its end.
    assert.deepEqual(await ask(path, '{"op": "x", "a": 1}'), { ok: true, value: { op: 'x', a: 1 } });
    assert.deepEqual(await ask(path, '{"nop": 1}\n'), {
      ok: false,
      status: 400,
      error: 'the request has no "op" string',
    });
    await socket.close();
    assert.equal(existsSync(path), false);
  });

  it('binds in a folder whose path is longer than a socket address holds', async () => {
    const deep = join(root, 'd'.repeat(60), 'e'.repeat(60));
    mkdirSync(deep, { recursive: true });
    const socket = await JobSocket.listen(deep, '.runnel.sock', undefined, echo);
    const path = join(deep, '.runnel.sock');
    assert.ok(existsSync(path));
    // A client can't name it by that path either: it goes through a descriptor of the folder too.
    const fd = openSync(deep, constants.O_RDONLY | constants.O_DIRECTORY);
    try {
      assert.deepEqual(await ask(`/proc/self/fd/${fd}/.runnel.sock`, '{"op": "deep"}\n'), {
        ok: true,
        value: { op: 'deep' },
      });
    } finally {
      closeSync(fd);
    }
    await socket.close();
    assert.equal(existsSync(path), false, 'removed where it was bound');
  });
});
