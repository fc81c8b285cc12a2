import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';

/**
 * A 32-byte key of this installation by name, made by whichever replica asks first and kept in
 * `instance_secret`, so every replica signs and checks alike and signatures survive restarts.
 */
export async function instanceKey(db: DataSource, name: string): Promise<Buffer> {
  await db.query(`INSERT INTO instance_secret (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [
    name,
    randomBytes(32).toString('hex'),
  ]);
  const [row]: { value: string }[] = await db.query(`SELECT value FROM instance_secret WHERE name = $1`, [name]);
  return Buffer.from(row!.value, 'hex');
}
