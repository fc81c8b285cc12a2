import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** A master key and its id: the id is stored beside every data key it wraps, never the key. */
export interface MasterKey {
  id: string;
  key: Buffer;
}

/**
 * `raw` (base64, base64url or hex of exactly 32 bytes) as a master key; a mistake throws naming the
 * setting, so the server refuses to start rather than encrypt with a key nobody meant.
 */
export function parseMasterKey(raw: string, setting: string): MasterKey {
  const text = raw.trim();
  const key = /^[0-9a-f]{64}$/i.test(text)
    ? Buffer.from(text, 'hex')
    : /^[A-Za-z0-9+/_-]{43}=?$/.test(text)
      ? Buffer.from(text, 'base64')
      : undefined;
  if (key?.length !== 32) {
    throw new Error(
      `${setting} must be 32 random bytes as base64 (44 characters) or hex (64 characters); ` +
        `make one with: openssl rand -base64 32`,
    );
  }
  return { id: createHash('sha256').update('runnel-master-key-id\0').update(key).digest('hex').slice(0, 16), key };
}

/**
 * The master key from RUNNEL_MASTER_KEY, else from the file RUNNEL_MASTER_KEY_FILE names (a Docker
 * or Kubernetes secret, or what docker-compose.yml's `keys` service made); neither: none. A file
 * that can't be read throws naming it, as a key that is set but unusable must stop the server.
 */
export function masterKeyOf(env: NodeJS.ProcessEnv): MasterKey | undefined {
  if (env.RUNNEL_MASTER_KEY) return parseMasterKey(env.RUNNEL_MASTER_KEY, 'RUNNEL_MASTER_KEY');
  const file = env.RUNNEL_MASTER_KEY_FILE;
  if (!file) return undefined;
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`RUNNEL_MASTER_KEY_FILE ${file} can't be read (${(err as Error).message})`);
  }
  return parseMasterKey(raw, `the key in RUNNEL_MASTER_KEY_FILE (${file})`);
}
