import type { DataSource } from 'typeorm';

/**
 * Vacuums `tables` after a retention sweep deleted rows from them, but only on a PostgreSQL whose
 * autovacuum is off (some test and CI machines run it so): without a vacuum the deleted rows' space
 * is never reused and the tables grow as if nothing were deleted. With autovacuum on, it does this
 * on its own schedule and a second vacuum would only cost I/O.
 *
 * SKIP_LOCKED: a table another replica is vacuuming is skipped rather than waited for.
 * TRUNCATE false: returning empty pages at the end of a table takes an exclusive lock, however
 * briefly, and the next inserts would need the pages again. Plain VACUUM blocks no reads or writes.
 * Answers whether it vacuumed.
 */
export async function vacuumWithoutAutovacuum(db: DataSource, tables: readonly string[]): Promise<boolean> {
  const [{ setting }]: { setting: string }[] = await db.query("SELECT current_setting('autovacuum') AS setting");
  if (setting === 'on') return false;
  await db.query(`VACUUM (SKIP_LOCKED, TRUNCATE false) ${tables.join(', ')}`);
  return true;
}
