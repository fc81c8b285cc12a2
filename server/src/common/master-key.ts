import { createHash } from 'node:crypto';

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
