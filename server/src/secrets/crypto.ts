import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** A fresh random data key. */
export const newDataKey = (): Buffer => randomBytes(KEY_BYTES);

/**
 * AES-256-GCM with a random nonce: `nonce ‖ ciphertext ‖ tag`. `context` is authenticated, not
 * stored: a sealed value opens only with the same context (its workspace and path).
 */
export function seal(key: Buffer, plaintext: Buffer, context: string): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}

/** The plaintext of `sealed`, or undefined when the key or context is not the one it was sealed with. */
export function open(key: Buffer, sealed: Buffer, context: string): Buffer | undefined {
  if (sealed.length < NONCE_BYTES + TAG_BYTES) return undefined;
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, NONCE_BYTES));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
  } catch {
    return undefined;
  }
}

/** What a workspace's wrapped data key is bound to. */
export const dataKeyContext = (workspace: string) => `runnel-data-key:v1\0${workspace}`;
/** What a secret's ciphertext is bound to: moved to another path or workspace, it does not open. */
export const secretContext = (workspace: string, path: string) => `runnel-secret:v1\0${workspace}\0${path}`;
/** What a resource's secret field is bound to: its workspace, resource path and field name. */
export const resourceSecretContext = (workspace: string, path: string, field: string) =>
  `runnel-resource-secret:v1\0${workspace}\0${path}\0${field}`;
/** What an HTTP route's signature secret is bound to: its workspace and trigger path. */
export const routeSecretContext = (workspace: string, path: string) => `runnel-route-secret:v1\0${workspace}\0${path}`;
