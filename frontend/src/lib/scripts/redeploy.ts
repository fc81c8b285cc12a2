import type { Schemas } from '$lib/api/client';

type Script = Schemas['Script'];

/**
 * The settings of a deployed script that the editor has no field for: a deploy from the app
 * keeps them as they are instead of resetting them to the worker group's defaults.
 */
export function keptSettings(script: Pick<Script, 'network' | 'cpus' | 'disk_mb'>) {
  return {
    ...(script.network ? { network: script.network } : {}),
    ...(script.cpus != null ? { cpus: script.cpus } : {}),
    ...(script.disk_mb != null ? { disk_mb: script.disk_mb } : {}),
  };
}

/**
 * The body that deploys a script again exactly as it is: the same code and settings, so only
 * what the server derives anew changes (its lock, with its imports resolved again: "Relock").
 */
export function redeployBody(script: Script) {
  return {
    path: script.path,
    language: script.language,
    content: script.content,
    summary: script.summary ?? '',
    description: script.description ?? '',
    ...(script.tag && script.tag !== 'default' ? { tag: script.tag } : {}),
    ...(script.timeout ? { timeout: script.timeout } : {}),
    ...(script.schema_overrides ? { schema_overrides: script.schema_overrides } : {}),
    ...(script.dedicated ? { dedicated: true } : {}),
    ...keptSettings(script),
    parent_hash: script.hash,
  };
}
