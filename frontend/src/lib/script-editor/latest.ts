/**
 * Runs async requests where only the newest answer counts: an answer that arrives after a later
 * request was started is dropped (resolves to `stale`), so a slow reply never overwrites a fresh one.
 */
export function latestOnly() {
  let seq = 0;
  return async function run<T>(request: () => Promise<T>): Promise<{ stale: true } | { stale: false; value: T }> {
    const mine = ++seq;
    const value = await request();
    return mine === seq ? { stale: false, value } : { stale: true };
  };
}
