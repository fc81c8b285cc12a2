import { ErrorCode, RunnelError } from './errors.js';

/** Windmill's `exists/{path}` answers: whether `lookup` found its object (its 404 is `false`). */
export function exists(lookup: Promise<unknown>): Promise<boolean> {
  return lookup.then(
    () => true,
    (err: unknown) => {
      if (err instanceof RunnelError && err.code === ErrorCode.NotFound) return false;
      throw err;
    },
  );
}
