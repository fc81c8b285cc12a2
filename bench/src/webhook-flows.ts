import type { Stack } from './stack.js';

/**
 * Issue 16's flow, one per kind of step: webhook → step (+1) → step (×2) → respond with the last
 * result. A variant this build does not have is found out by deploying it, not by a flag here.
 */
export interface StepVariant {
  /** Short name, also the route and flow path segment. */
  id: string;
  label: string;
  /** The two steps; `language` absent for identity steps. */
  steps: { language?: string; plusOne: string; timesTwo: string };
  /**
   * Dedicated runtime (issue 16 §2, docs/adr/0050): the variant's flow is served by a worker
   * started with WORKER_DEDICATED=1, which keeps a process per step version (webhook.ts starts it).
   */
  dedicated?: boolean;
  /** The answer to `{"x": 1}`. */
  expected: unknown;
}

const TS_PLUS = 'export function main(x: number) {\n  return x + 1;\n}\n';
const TS_TIMES = 'export function main(x: number) {\n  return x * 2;\n}\n';
const PY_PLUS = 'def main(x: int):\n    return x + 1\n';
const PY_TIMES = 'def main(x: int):\n    return x * 2\n';

/** In the order of issue 16's benchmark list, then the no-sandbox ceiling. */
export const VARIANTS: readonly StepVariant[] = [
  {
    id: 'nativets',
    label: 'nativets (in-process isolate)',
    steps: { language: 'nativets', plusOne: TS_PLUS, timesTwo: TS_TIMES },
    expected: 4,
  },
  {
    id: 'dedicated_bun',
    label: 'dedicated bun',
    steps: { language: 'bun', plusOne: TS_PLUS, timesTwo: TS_TIMES },
    dedicated: true,
    expected: 4,
  },
  {
    id: 'dedicated_python3',
    label: 'dedicated python3',
    steps: { language: 'python3', plusOne: PY_PLUS, timesTwo: PY_TIMES },
    dedicated: true,
    expected: 4,
  },
  {
    id: 'bun',
    label: 'bun rawscript (process sandbox)',
    steps: { language: 'bun', plusOne: TS_PLUS, timesTwo: TS_TIMES },
    expected: 4,
  },
  {
    id: 'bash',
    label: 'bash (process sandbox)',
    steps: { language: 'bash', plusOne: 'x="$1"\necho $((x + 1))\n', timesTwo: 'x="$1"\necho $((x * 2))\n' },
    expected: 4,
  },
  {
    // Identity steps pass their input on: the flow answers {"x": 1} itself. The ceiling without a sandbox.
    id: 'identity',
    label: 'identity (no sandbox)',
    steps: { plusOne: '', timesTwo: '' },
    expected: { x: 1 },
  },
];

export const FLOW_INPUT = { x: 1 };

/** Where a deployed variant is served: an HTTP route, sync, no authentication, as an n8n webhook is. */
export function routeOf(variant: StepVariant): string {
  return `/api/r/main/bench/${variant.id}`;
}

function stepModule(id: string, language: string | undefined, content: string, input: string): unknown {
  if (!language) return { id, value: { type: 'identity' } };
  return {
    id,
    value: {
      type: 'rawscript',
      language,
      content,
      input_transforms: { x: { type: 'javascript', expr: input } },
    },
  };
}

/** The message of the server's error body, or the body. */
function errorMessage(text: string): string {
  try {
    // The first of the fields it names is enough to say why.
    return (JSON.parse(text) as { error: { message: string } }).error.message.split('; ')[0]!;
  } catch {
    return text;
  }
}

/**
 * Deploys the variant's flow and its route. Answers why it is not available when the server
 * refuses it (the 4xx's message); `undefined` when deployed.
 */
export async function deployVariant(stack: Stack, variant: StepVariant): Promise<string | undefined> {
  const path = `f/bench/webhook_${variant.id}`;
  const { language, plusOne, timesTwo } = variant.steps;
  const created = await stack.api('/api/w/main/flows/create', {
    path,
    summary: `webhook → +1 → ×2 (${variant.label})`,
    value: {
      modules: [
        stepModule('plus_one', language, plusOne, 'flow_input.x'),
        stepModule('times_two', language, timesTwo, 'results.plus_one'),
      ],
    },
    schema: { type: 'object', properties: { x: { type: 'integer' } }, required: ['x'] },
  });
  const text = await created.text();
  if (created.status >= 400 && created.status < 500) return `${created.status}: ${errorMessage(text)}`;
  if (created.status !== 201 && created.status !== 200) throw new Error(`flow ${path}: ${created.status} ${text}`);
  const route = await stack.api('/api/w/main/http_triggers/create', {
    path: `${path}_route`,
    route_path: `bench/${variant.id}`,
    http_method: 'post',
    script_path: path,
    is_flow: true,
    is_async: false,
    authentication_method: 'none',
  });
  if (route.status !== 201 && route.status !== 200) {
    throw new Error(`route for ${path}: ${route.status} ${await route.text()}`);
  }
  return undefined;
}
