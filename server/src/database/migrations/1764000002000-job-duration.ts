import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A job's duration in milliseconds outgrew `integer` after 24.8 days: a flow waiting on an
 * approval with the default 30-day timeout failed to finish with "integer out of range".
 * `double precision` holds whole milliseconds exactly up to 2^53 and reads back as a JS number
 * (a `bigint` would read back as a string). The ALTER rewrites the table once, at upgrade.
 */
export class JobDuration1764000002000 implements MigrationInterface {
  name = 'JobDuration1764000002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE job ALTER COLUMN duration_ms TYPE double precision');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE job ALTER COLUMN duration_ms TYPE integer USING LEAST(duration_ms, 2147483647)::integer',
    );
  }
}
