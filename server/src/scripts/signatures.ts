import { createHash } from 'node:crypto';
import { inferSignature, NotAllowedError, SignatureError, type Language, type MainSignature } from '@runnel/runtimes';
import { ErrorCode, RunnelError } from '../common/errors.js';

/** `main`'s parameters as deploy, previews, flow steps and the editor read them. */
export interface ReadSignature {
  /** A hash of language and content: the arguments' validator is compiled once per key. */
  key: string;
  schema: MainSignature['schema'];
  order: string[];
}

/** Signatures by content hash, bounded: reading one costs milliseconds, the editor asks on every pause. */
const cache = new Map<string, ReadSignature>();
const CACHE_SIZE = 1000;

/**
 * Reads `main`'s signature with the language's parser (`runtimes/<language>/`), the one
 * implementation behind deploys, previews, inline flow steps and the editor's live form. A
 * script it cannot read is a 400 `invalid_script` whose details carry the error's line and column.
 */
export function readSignature(language: Language, content: string): ReadSignature {
  const key = createHash('sha256').update(language).update('\0').update(content).digest('hex').slice(0, 32);
  const found = cache.get(key);
  if (found) return found;
  let signature: MainSignature;
  try {
    signature = inferSignature(language, content);
  } catch (err) {
    if (!(err instanceof SignatureError)) throw err;
    const what = err instanceof NotAllowedError ? 'cannot deploy this script' : "cannot read main's parameters";
    throw new RunnelError(ErrorCode.InvalidScript, `${what}: ${err.message}`, {
      line: err.line ?? null,
      column: err.column ?? null,
    });
  }
  const read = { key, schema: signature.schema, order: signature.order };
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(key, read);
  return read;
}
