import { Inject, Injectable, Logger } from '@nestjs/common';
import { encodeDepsPrefetch } from '@runnel/protocol';
import type { Language } from '@runnel/runtimes';
import { DependencyError, depsFor, type Requirement } from '@runnel/runtimes/deps';
import { SERVER_CONFIG, type ServerConfig } from '../common/config.js';
import { ErrorCode, RunnelError, badRequest } from '../common/errors.js';
import { NATS } from '../nats/nats-token.js';
import type { Nats } from '../nats/nats.js';

/** Code whose dependencies to lock, and how errors name it. */
export interface LockTarget {
  language: Language;
  content: string;
  /** What the code is, for messages: 'this script', 'step "a" (value.modules[0])'. */
  what: string;
  /** The request field errors point at: 'content', 'value.modules[0].value.content'. */
  field: string;
}

/** How long a preview's lock is reused: typing and testing in the editor does not ask npm each time. */
const PREVIEW_LOCK_TTL_MS = 5 * 60_000;
/** Preview locks remembered at most; past it, the memory starts over. */
const PREVIEW_LOCKS = 1000;

/**
 * Locks the dependencies a script imports (docs/adr/0035-script-dependencies.md): infers them
 * with `runtimes/deps`, resolves them with the language's tool on this server's network, at most
 * `RUNNEL_DEPS_MAX_RESOLUTIONS` at a time, each request within `RUNNEL_DEPS_RESOLVE_TIMEOUT_S`.
 * A deploy locks afresh (a redeploy relocks); a preview reuses a lock of the same requirements
 * for a few minutes. Errors are 400s naming the package, or 503s when it took too long.
 */
@Injectable()
export class DependencyLocker {
  private readonly logger = new Logger('DependencyLocker');
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly previewLocks = new Map<string, { resolution: Resolution; expires: number }>();

  constructor(
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
    @Inject(NATS) private readonly nats: Nats,
  ) {}

  /** A request's time limit: one signal for everything one deploy or preview locks. */
  deadline(): AbortSignal {
    return AbortSignal.timeout(this.config.deps.resolveTimeoutS * 1000);
  }

  /** What the code imports; [] = nothing to lock (and always for Bash). */
  private requirements(language: Language, content: string): Requirement[] {
    return depsFor(language)?.infer(content) ?? [];
  }

  /**
   * The lock of what `target` imports, resolved now; null when it imports nothing. Targets of one
   * request (a flow's steps) pass the same `batch`, so the same requirements are resolved once.
   */
  lock(target: LockTarget, signal: AbortSignal, batch: LockBatch = new Map()): Promise<string | null> {
    return this.lockWith(target, signal, (requirements) => {
      const key = JSON.stringify([target.language, requirements]);
      const resolution = batch.get(key) ?? this.resolve(target.language, requirements, signal);
      batch.set(key, resolution);
      return resolution;
    });
  }

  /**
   * The lock of code that is not deployed (a preview): the same requirements locked in the last
   * few minutes reuse that lock, and identical requests at once share one resolution.
   */
  lockPreview(target: LockTarget, signal: AbortSignal): Promise<string | null> {
    return this.lockWith(target, signal, (requirements) => {
      const key = JSON.stringify([target.language, requirements]);
      const now = Date.now();
      const known = this.previewLocks.get(key);
      if (known && known.expires > now) return known.resolution;
      if (this.previewLocks.size >= PREVIEW_LOCKS) this.previewLocks.clear();
      // Shared by every caller, so bounded by its own time limit rather than the first caller's.
      const resolution = this.resolve(target.language, requirements, this.deadline());
      this.previewLocks.set(key, { resolution, expires: now + PREVIEW_LOCK_TTL_MS });
      // A failure is not remembered: the registry may answer the next try.
      resolution.lock.catch(() => {
        if (this.previewLocks.get(key)?.resolution === resolution) this.previewLocks.delete(key);
      });
      return resolution;
    });
  }

  /** Tells workers a deploy produced this lock, so one may install it before the first job (names.ts). */
  announce(language: Language, lock: string): void {
    try {
      this.nats.nc.publish(this.nats.names.depsPrefetchSubject, encodeDepsPrefetch({ language, lock }));
    } catch (err) {
      // The version is stored: a worker that hears nothing installs the lock at the first job.
      this.logger.warn(`prefetch of a ${language} lock not announced: ${(err as Error).message}`);
    }
  }

  private async lockWith(
    target: LockTarget,
    signal: AbortSignal,
    start: (requirements: Requirement[]) => Resolution,
  ): Promise<string | null> {
    let requirements: Requirement[];
    try {
      requirements = this.requirements(target.language, target.content);
    } catch (err) {
      // Imports no lock can serve: two ranges of one package, Deno's jsr:, a bad `# requirements:` line.
      if (err instanceof DependencyError) throw refused(target, err, 'its imports cannot be locked');
      throw err;
    }
    if (requirements.length === 0) return null;
    const resolution = start(requirements);
    try {
      return await untilAborted(resolution.lock, signal);
    } catch (err) {
      throw this.failure(target, requirements, err, signal, resolution);
    }
  }

  /**
   * Runs the language's `lock` in a free slot. The slot is held until the tool ends, even when the
   * request that asked has stopped waiting: it is a process still running on this server.
   */
  private resolve(language: Language, requirements: Requirement[], signal: AbortSignal): Resolution {
    const progress = { started: false, signal };
    const lock = (async () => {
      await this.acquire(signal);
      progress.started = true;
      try {
        return await depsFor(language)!.lock(requirements, this.config.deps.sources, signal);
      } finally {
        this.release();
      }
    })();
    return Object.assign(progress, { lock });
  }

  private acquire(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(signal.reason as Error);
    if (this.running < this.config.deps.maxResolutions) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const take = () => {
        signal.removeEventListener('abort', giveUp);
        resolve();
      };
      const giveUp = () => {
        this.waiting.splice(this.waiting.indexOf(take), 1);
        reject(signal.reason as Error);
      };
      signal.addEventListener('abort', giveUp, { once: true });
      this.waiting.push(take);
    });
  }

  /** Hands the slot to the next waiter, if any, else frees it. */
  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }

  private failure(
    target: LockTarget,
    requirements: Requirement[],
    err: unknown,
    signal: AbortSignal,
    resolution: Resolution,
  ): RunnelError {
    const names = requirements.map((r) => r.name).join(', ');
    const limit = `${this.config.deps.resolveTimeoutS} s (RUNNEL_DEPS_RESOLVE_TIMEOUT_S)`;
    // Checked first: a tool stopped by the time limit reports that as its own failure.
    const timedOut = signal.aborted || resolution.signal.aborted || (err as Error | undefined)?.name === 'TimeoutError';
    if (timedOut && !resolution.started) {
      return new RunnelError(
        ErrorCode.Unavailable,
        `${target.what}: its dependencies (${names}) were not locked within ${limit}: the server was busy ` +
          `with ${this.config.deps.maxResolutions} other resolutions (RUNNEL_DEPS_MAX_RESOLUTIONS); try again`,
      );
    }
    if (timedOut) {
      return new RunnelError(
        ErrorCode.Unavailable,
        `${target.what}: locking its dependencies (${names}) took longer than ${limit}: the package registry ` +
          'may be slow or unreachable; try again, or raise the limit',
      );
    }
    if (err instanceof DependencyError) return refused(target, err, `cannot resolve its dependencies (${names})`);
    // Not the code's fault (the tool is missing, the disk is full): the server cannot lock right now.
    this.logger.warn(`locking ${target.language} dependencies (${names}) failed: ${(err as Error).message}`);
    return new RunnelError(
      ErrorCode.Unavailable,
      `${target.what}: its dependencies (${names}) could not be locked: ${(err as Error).message}`,
    );
  }
}

/**
 * The 400 for code whose dependencies cannot be locked: it names the package (when the tool said
 * which) and quotes the tool; `otherwise` says what failed when no package is named.
 */
function refused(target: LockTarget, err: DependencyError, otherwise: string): RunnelError {
  const name = err.packageName;
  // The tools start their message with the package's name, which the culprit already says.
  const words = name && err.message.startsWith(`${name}: `) ? err.message.slice(name.length + 2) : err.message;
  const message = `${name ? `cannot resolve package "${name}"` : otherwise}: ${words}`;
  return badRequest(`${target.what}: ${message}`, [
    { field: target.field, message, ...(name ? { package: name } : {}) },
  ]);
}

/** One run of a language's `lock`, which callers may share; `started` once it had a slot. */
export interface Resolution {
  started: boolean;
  /** Its own time limit (a preview's shared run has one of its own). */
  signal: AbortSignal;
  lock: Promise<string>;
}

/** The resolutions one request started, by language and requirements. */
export type LockBatch = Map<string, Resolution>;

/** `promise`, or a rejection as soon as `signal` aborts: a tool that ignores its signal never holds a request. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
