import { parseReference, type Reference } from '@runnel/protocol';

/** A value as a job receives it, and the secret plaintexts inside it. */
export interface Resolved {
  value: unknown;
  secrets: string[];
}

/**
 * `value` with every `$var:`/`$res:` string in it (at any depth) replaced by what `read` gives
 * for it. Errors name the argument: `argument "db": variable "f/x/y" not found …`.
 */
export async function resolveReferences(
  args: Record<string, unknown>,
  read: (ref: Reference) => Promise<Resolved>,
): Promise<Resolved> {
  const secrets: string[] = [];
  const walk = async (value: unknown): Promise<unknown> => {
    const ref = parseReference(value);
    if (ref) {
      const resolved = await read(ref);
      secrets.push(...resolved.secrets);
      return resolved.value;
    }
    if (Array.isArray(value)) return Promise.all(value.map(walk));
    if (value !== null && typeof value === 'object') {
      const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await walk(v)] as const));
      return Object.fromEntries(entries);
    }
    return value;
  };
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(args)) {
    try {
      out[name] = await walk(value);
    } catch (err) {
      (err as Error).message = `argument "${name}": ${(err as Error).message}`;
      throw err;
    }
  }
  return { value: out, secrets };
}
