export { LANGUAGES, type Language } from './languages.js';

/** The subset of JSON Schema (draft 2020-12) that signature inference produces. */
export interface JsonSchema {
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';
  description?: string;
  default?: unknown;
  enum?: unknown[];
  format?: string;
  contentEncoding?: string;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  nullable?: boolean;
}

/** The inferred form of a script's `main`: an object schema whose properties keep parameter order. */
export interface MainSignature {
  schema: JsonSchema & { type: 'object'; properties: Record<string, JsonSchema>; required: string[] };
  /**
   * Parameter names in declared order; positional languages (bash, bun/deno `main(a, b)`) need
   * it. For Bash, `order[i]` is the name read from `$(i+1)`, '' for a position never read.
   */
  order: string[];
}

/** A syntax error in a script, or a script without a usable `main`. Line and column are 1-based. */
export class SignatureError extends Error {
  override name = 'SignatureError';
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(line === undefined ? message : `line ${line}${column ? `, column ${column}` : ''}: ${message}`);
  }
}

/** A script that reads fine but uses what its language does not have (an import in `nativets`). */
export class NotAllowedError extends SignatureError {
  override name = 'NotAllowedError';
}

/** What a worker needs to run one job of a given language inside a sandbox. */
export interface JobInput {
  content: string;
  args: Record<string, unknown>;
  /** Parameter names in declared order (from MainSignature.order, stored with the script version). */
  argOrder: string[];
  /**
   * Where the job's installed dependencies (its lock, installed by the worker) are mounted
   * read-only inside the sandbox; unset = the script has none (docs/adr/0035-script-dependencies.md).
   */
  deps?: string;
}

/**
 * A limit the job's processes run under (setrlimit(2) of `RLIMIT_<resource>`), soft ≤ hard: CPU
 * in seconds, FSIZE, CORE, AS and DATA in bytes, NPROC in processes of the job's uid.
 */
export interface ResourceLimit {
  resource: 'CPU' | 'FSIZE' | 'CORE' | 'AS' | 'DATA' | 'NPROC';
  soft: number;
  hard: number;
}

export interface Bind {
  source: string;
  target: string;
}

export interface PreparedJob {
  /** Files to write into the job folder (mounted at /job, the working directory), path → content. */
  files: Record<string, string>;
  /**
   * argv to execute inside the sandbox; argv[0] is an absolute path visible inside it. It sets
   * the limits it was prepared with on itself before any of the job's code runs (Bash's `ulimit`,
   * Python's `resource.setrlimit`, `prlimit` for the runtimes that have neither), so that the
   * sandbox itself needs no process of its own to set them.
   */
  command: string[];
  /**
   * Host files bound read-only at `target` inside the sandbox (interpreters outside /usr). The
   * target is fixed rather than the host path: a checkout under /tmp would be hidden by the
   * sandbox's own /tmp.
   */
  binds: Bind[];
  /** Extra environment variables for the process (the sandbox starts from an empty environment). */
  env: Record<string, string>;
  /**
   * Where the result comes from: `file` = the wrapper wrote /job/result.json as
   * `{"ok":true,"result":…}` or `{"ok":false,"error":{name,message,stack}}`;
   * `bash` = /job/result.json if the script wrote one, else the last stdout line.
   */
  resultMode: 'file' | 'bash';
}

/**
 * A pre-started sandbox of a language, before any job is known (the warm pool): its files are
 * the wrapper's only, and its command blocks until it reads the job's "go" message (see
 * goMessage) from stdin to its end, then runs the job exactly as the cold command would.
 */
export type PooledSandbox = Omit<PreparedJob, 'resultMode'>;
