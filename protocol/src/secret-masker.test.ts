import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MASK, SecretMasker } from './secret-masker.js';

/** Feeds `pieces` as a log stream and returns what would be published. */
function stream(masker: SecretMasker, pieces: string[]): string {
  return pieces.map((p) => masker.push(p)).join('') + masker.end();
}

describe('SecretMasker', () => {
  it('masks whole secrets, the longest first, and leaves text without secrets as it is', () => {
    const m = new SecretMasker();
    assert.equal(m.push('nothing to hide\n'), 'nothing to hide\n');
    m.add(['hunter22', 'hunter22-and-more']);
    assert.equal(m.mask('a hunter22-and-more b hunter22'), `a ${MASK} b ${MASK}`);
  });

  it('masks a secret split across pieces of the stream, one character at a time', () => {
    const m = new SecretMasker();
    m.add(['correct-horse']);
    const out = stream(m, ['x: ', ...'correct-horse'.split(''), '\n', 'done\n']);
    assert.equal(out, `x: ${MASK}\ndone\n`);
  });

  it('holds back only an end that could begin a secret, and releases it when it does not', () => {
    const m = new SecretMasker();
    m.add(['line-one\nline-two']);
    assert.equal(m.push('a line-one\n'), 'a ');
    assert.equal(m.push('line-three\n'), 'line-one\nline-three\n');
    assert.equal(m.push('line-one\n'), '');
    assert.equal(m.push('line-two\n'), `${MASK}\n`);
    assert.equal(m.end(), '');
  });

  it('never cuts inside a whole secret that begins with its own end (abab)', () => {
    const m = new SecretMasker();
    m.add(['abab']);
    assert.equal(stream(m, ['xabab', '\n']), `x${MASK}\n`);
    assert.equal(stream(m, ['xab', 'ab', 'ab\n']), `x${MASK}ab\n`);
  });

  it('ignores secrets under 4 characters, and masks strings and keys inside a result', () => {
    const m = new SecretMasker();
    m.add(['abc', '']);
    assert.ok(m.empty);
    m.add(['s3cr3t']);
    assert.deepEqual(m.maskValue({ s3cr3t: ['is s3cr3t', 1, null, { v: 's3cr3t' }] }), {
      [MASK]: [`is ${MASK}`, 1, null, { v: MASK }],
    });
  });
});
