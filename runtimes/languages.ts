/**
 * The languages a script can be written in: the one list the whole project derives from (the
 * job message schema, the flow validator, the API's enums; `openapi/src/flow.schema.json`, a
 * JSON file, is drift-tested against it). `bun` is TypeScript run by Bun, the default. This file
 * imports nothing, so that the protocol, the flow types and the app can take it alone
 * (`@runnel/runtimes/languages`) without the parsers and their dependencies.
 */
export const LANGUAGES = ['bun', 'deno', 'python3', 'bash', 'nativets'] as const;
export type Language = (typeof LANGUAGES)[number];
/** The languages workers run, in a sandbox and (docker) an image each: all but `nativets`, which the server runs (docs/adr/0048). */
export const WORKER_LANGUAGES: readonly Language[] = LANGUAGES.filter((language) => language !== 'nativets');
