// Types of the Runnel SDK (index.js), for editors and `deno check`; names and parameters are Windmill's.

/** A request the platform refused or could not serve; `status` is its HTTP-like code (404, 403…). */
export declare class RunnelError extends Error {
  status: number;
  constructor(message: string, status: number);
}

/** Any JSON value the platform returns, typed as loosely as Windmill's client types it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** Windmill's parameter types: a resource of a type, and strings with a meaning (runtimes/typescript/type-schema.ts). */
// eslint-disable-next-line @typescript-eslint/no-unused-vars
export type Resource<Type extends string> = Json;
export type Base64 = string;
export type Email = string;
export type Sql = string;

export declare function getVariable(path: string): Promise<string>;
export declare function setVariable(
  path: string,
  value: string,
  isSecretIfNotExist?: boolean,
  descriptionIfNotExist?: string,
): Promise<void>;
export declare function getResource(path: string, undefinedIfEmpty?: boolean): Promise<Json>;
export declare function getState(): Promise<Json>;
export declare function setState(state: unknown): Promise<void>;
export declare const getInternalState: typeof getState;
export declare const setInternalState: typeof setState;

type Args = Record<string, unknown> | null;

export declare function runScript(
  path?: string | null,
  hash_?: string | null,
  args?: Args,
  verbose?: boolean,
): Promise<Json>;
export declare function runScriptByPath(path: string, args?: Args, verbose?: boolean): Promise<Json>;
export declare function runScriptByHash(hash_: string, args?: Args, verbose?: boolean): Promise<Json>;
export declare function runScriptAsync(
  path: string | null,
  hash_: string | null,
  args: Args,
  scheduledInSeconds?: number | null,
): Promise<string>;
export declare function runScriptByPathAsync(
  path: string,
  args?: Args,
  scheduledInSeconds?: number | null,
): Promise<string>;
export declare function runScriptByHashAsync(
  hash_: string,
  args?: Args,
  scheduledInSeconds?: number | null,
): Promise<string>;
export declare function runFlow(path?: string | null, args?: Args, verbose?: boolean): Promise<Json>;
export declare function runFlowAsync(
  path: string | null,
  args: Args,
  scheduledInSeconds?: number | null,
  doNotTrackInParent?: boolean,
): Promise<string>;

export declare function getResumeUrls(
  approver?: string,
): Promise<{ approvalPage: string; resume: string; cancel: string }>;
export declare function setProgress(percent: number, jobId?: string): Promise<void>;
