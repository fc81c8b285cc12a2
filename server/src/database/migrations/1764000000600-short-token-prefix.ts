import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `token_prefix` kept the first 10 characters of a token in clear: all of a short token (a
 * bootstrap token), and a good part of any. It now keeps 4 characters of a token of 32 or more,
 * else nothing (auth.service.ts, storedPrefix). Stored 10-character prefixes cannot say how long
 * their token was, except those of generated tokens (`rn_` and 32 characters): those keep 4, the
 * others none. The rows themselves stay; delete takes the id that list now shows.
 */
export class ShortTokenPrefix1764000000600 implements MigrationInterface {
  name = 'ShortTokenPrefix1764000000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE api_token
      SET token_prefix = CASE WHEN token_prefix LIKE 'rn\\_%' AND length(token_prefix) = 10 THEN left(token_prefix, 4) END
      WHERE token_prefix IS NOT NULL
    `);
  }

  async down(): Promise<void> {
    // The characters dropped are not stored anywhere any more; shorter prefixes are valid before too.
  }
}
