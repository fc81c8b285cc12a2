import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Logger } from '@nestjs/common';
import { createDataSource } from './database.js';
import { QueryErrorLogger } from './query-logger.js';

describe('QueryErrorLogger', () => {
  it('logs a failed statement by its error and SQL, short, never its parameters', (t) => {
    const lines: string[] = [];
    t.mock.method(Logger.prototype, 'error', (message: string) => void lines.push(message));
    const secret = 'rn_' + 'x'.repeat(2_000_000);
    new QueryErrorLogger().logQueryError(
      new Error('invalid byte sequence for encoding "UTF8": 0x00'),
      'SELECT *\n  FROM api_token WHERE token_hash = $1',
      [secret, 'a\u0000b'],
    );
    assert.equal(lines.length, 1);
    assert.match(
      lines[0]!,
      /^query failed: invalid byte sequence .* — SELECT \* FROM api_token WHERE token_hash = \$1$/,
    );
    assert.ok(!lines[0]!.includes('rn_x'), 'no parameter in the log');
  });

  it("is the server's logger (TypeORM's default one highlights the whole text with a regular expression)", () => {
    const ds = createDataSource('postgres://nobody@127.0.0.1:1/none');
    assert.ok(ds.logger instanceof QueryErrorLogger);
  });
});
