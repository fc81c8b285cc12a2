/**
 * Retry delays, as Windmill computes them: the constant attempts come first, then the exponential
 * ones, where the delay before retry n (counting every retry before it, constant ones included) is
 * `multiplier * seconds ^ n`, moved up or down by up to `random_factor` percent.
 */
import type { Retry } from '@runnel/api-contract';

/** Retries allowed after the first attempt. */
export function maxRetries(retry: Retry | undefined): number {
  return (retry?.constant?.attempts ?? 0) + (retry?.exponential?.attempts ?? 0);
}

/**
 * Seconds to wait before the next attempt, after `previousRetries` retries already ran; undefined
 * when no attempt is left. `seed` makes the jitter reproducible: the failed job's id.
 */
export function retryDelaySeconds(retry: Retry | undefined, previousRetries: number, seed: string): number | undefined {
  const constantAttempts = retry?.constant?.attempts ?? 0;
  if (previousRetries < constantAttempts) return retry?.constant?.seconds ?? 0;
  const exp = retry?.exponential;
  if (!exp || previousRetries - constantAttempts >= (exp.attempts ?? 0)) return undefined;
  let secs = (exp.multiplier ?? 1) * Math.pow(exp.seconds ?? 0, previousRetries + 1);
  const factor = Math.min(exp.random_factor ?? 0, 100);
  if (factor > 0) {
    const h = fnv1a(seed);
    const percent = h % factor;
    const jitter = Math.floor((secs * percent) / 100);
    secs = (h >>> 16) % 2 === 0 ? secs + jitter : Math.max(0, secs - jitter);
  }
  return secs;
}

/** 32-bit FNV-1a: a cheap, stable hash so the jitter is a function of the job id, not of Math.random. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
