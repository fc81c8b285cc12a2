import { ErrorCode, RunnelError } from './errors.js';

/**
 * How deeply a value from a request may nest (objects and arrays; `{}` is 1 deep). JSON.parse
 * handles any depth, but much that runs after it recurses (Ajv, the flow engine, structuredClone,
 * JSON.stringify) and overflows the stack near 2,000 levels. No real payload comes close to 64;
 * a Windmill flow nests three levels per loop or branch, so 64 leaves room for twenty.
 * A constant, not a setting: raising it is safe only once that recursive code is proven to be.
 */
export const MAX_JSON_DEPTH = 64;

/** Whether `value` nests deeper than `limit`; iterative, so untrusted depth costs no stack. */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const values: unknown[] = [value];
  const depths: number[] = [0];
  while (values.length) {
    const v = values.pop();
    const depth = depths.pop()! + 1;
    if (typeof v !== 'object' || v === null) continue;
    // A cycle (YAML aliases can make one) is endless depth, and stops here too.
    if (depth > limit) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (typeof child === 'object' && child !== null) {
        values.push(child);
        depths.push(depth);
      }
    }
  }
  return false;
}

/** The 400 for a value deeper than MAX_JSON_DEPTH; `what` names it for the caller ("the body", "?payload="). */
export const tooDeep = (what: string) =>
  new RunnelError(
    ErrorCode.InvalidJson,
    `${what} nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep: flatten it`,
  );

export function assertDepth<T>(value: T, what: string): T {
  if (nestsDeeperThan(value, MAX_JSON_DEPTH)) throw tooDeep(what);
  return value;
}

/** JSON text from a request as a value: a 400 if it is not JSON (`hint` says what to send) or nests too deep. */
export function parseJsonText(text: string, what: string, hint?: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new RunnelError(ErrorCode.InvalidJson, hint ?? `${what} is not valid JSON: ${(err as Error).message}`);
  }
  return assertDepth(value, what);
}
