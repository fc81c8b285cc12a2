import { pathInUrl } from './links';

/** How to call a script or flow from outside: its sync and async webhook URLs and a curl line for each. */
export interface Webhook {
  kind: 'sync' | 'async';
  /** What the caller gets back. */
  answer: string;
  url: string;
  curl: string;
}

/** Stands for a real token: the page never puts one of the user's tokens in a copyable command. */
export const TOKEN_PLACEHOLDER = '$RUNNEL_TOKEN';

export function webhooks(
  origin: string,
  workspace: string,
  path: string,
  example: Record<string, unknown>,
  isFlow = false,
): [Webhook, Webhook] {
  const base = `${origin}/api/w/${encodeURIComponent(workspace)}/jobs`;
  const script = pathInUrl(path);
  const body = JSON.stringify(example).replace(/'/g, `'\\''`);
  const curl = (url: string) =>
    `curl -X POST '${url}' \\\n  -H "Authorization: Bearer ${TOKEN_PLACEHOLDER}" \\\n  -H 'Content-Type: application/json' \\\n  -d '${body}'`;
  const by = isFlow ? 'f' : 'p';
  const sync = `${base}/run_wait_result/${by}/${script}`;
  const async = `${base}/run/${by}/${script}`;
  return [
    { kind: 'sync', answer: 'waits and answers the result', url: sync, curl: curl(sync) },
    { kind: 'async', answer: 'answers the job id at once', url: async, curl: curl(async) },
  ];
}

const SAMPLE: Record<string, unknown> = {
  string: 'text',
  number: 1,
  integer: 1,
  boolean: false,
  array: [],
  object: {},
};

/** A body for the curl lines: each parameter's default, else a sample of its type. */
export function exampleArgs(schema: unknown): Record<string, unknown> {
  const properties = (schema as { properties?: Record<string, { default?: unknown; type?: unknown }> } | null)
    ?.properties;
  const example: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(properties ?? {})) {
    const type = Array.isArray(property.type) ? property.type[0] : property.type;
    example[name] = property.default ?? (typeof type === 'string' ? SAMPLE[type] : undefined) ?? null;
  }
  return example;
}
