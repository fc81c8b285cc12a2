import { badRequest } from '../common/errors.js';

/**
 * Windmill's NewScript fields that Runnel keeps without acting on them (docs/adr/0047): stored
 * with the version as sent and answered by scripts/get, so that `wmill script push` and
 * `wmill sync pull` see what they pushed. Only `dedicated_worker` changes how Runnel runs the
 * script (a dedicated runtime, docs/adr/0050; Runnel's own name for it is `dedicated`); no
 * concurrency limit, cache, priority, debounce or run-as user is enforced.
 */
export const WINDMILL_STORED_FIELDS = {
  ws_error_handler_muted: { type: ['boolean', 'null'] },
  dedicated_worker: { type: ['boolean', 'null'] },
  cache_ttl: { type: ['number', 'null'] },
  cache_ignore_s3_path: { type: ['boolean', 'null'] },
  concurrent_limit: { type: ['integer', 'null'] },
  concurrency_time_window_s: { type: ['integer', 'null'] },
  concurrency_key: { type: ['string', 'null'], maxLength: 1000 },
  debounce_key: { type: ['string', 'null'], maxLength: 1000 },
  debounce_delay_s: { type: ['number', 'null'] },
  debounce_args_to_accumulate: { type: ['array', 'null'], items: { type: 'string' }, maxItems: 1000 },
  max_total_debouncing_time: { type: ['number', 'null'] },
  max_total_debounces_amount: { type: ['number', 'null'] },
  restart_unless_cancelled: { type: ['boolean', 'null'] },
  visible_to_runner_only: { type: ['boolean', 'null'] },
  has_preprocessor: { type: ['boolean', 'null'] },
  no_main_func: { type: ['boolean', 'null'] },
  auto_kind: { type: ['string', 'null'], maxLength: 100 },
  priority: { type: ['integer', 'null'] },
  delete_after_use: { type: ['boolean', 'null'] },
  delete_after_secs: { type: ['number', 'null'] },
  is_template: { type: ['boolean', 'null'] },
  envs: { type: ['array', 'null'], items: { type: 'string', maxLength: 10000 }, maxItems: 1000 },
  labels: { type: ['array', 'null'], items: { type: 'string', maxLength: 1000 }, maxItems: 1000 },
  assets: { type: ['array', 'null'], maxItems: 1000 },
  on_behalf_of_email: { type: ['string', 'null'], maxLength: 1000 },
} as const;

/** Fields of a Windmill request that describe the request, not the script: accepted and dropped. */
const WINDMILL_REQUEST_FIELDS = {
  skip_draft_deletion: { type: ['boolean', 'null'] },
  auto_parent: { type: ['boolean', 'null'] },
  deployment_message: { type: ['string', 'null'], maxLength: 10000 },
  preserve_on_behalf_of: { type: ['boolean', 'null'] },
  on_behalf_of: { type: ['string', 'null'], maxLength: 1000 },
} as const;

/** Fields whose meaning Runnel lacks: accepted when empty, a 400 when they ask for something. */
const WINDMILL_REFUSED_FIELDS = {
  draft_only: { type: ['boolean', 'null'] },
  codebase: { type: ['string', 'null'] },
  modules: { type: ['object', 'null'] },
} as const;

export type WindmillStoredField = keyof typeof WINDMILL_STORED_FIELDS;
export type WindmillFields = Partial<Record<WindmillStoredField, unknown>>;

/** Windmill's script kinds; Runnel runs each the same way and answers the kind it was given. */
export const SCRIPT_KINDS = ['script', 'failure', 'trigger', 'command', 'approval', 'preprocessor'] as const;
export type ScriptKind = (typeof SCRIPT_KINDS)[number];

/** The properties scripts/create takes from Windmill's NewScript beside Runnel's own. */
export const windmillNewScriptProperties = {
  ...WINDMILL_STORED_FIELDS,
  ...WINDMILL_REQUEST_FIELDS,
  ...WINDMILL_REFUSED_FIELDS,
};

/**
 * The stored Windmill fields of a create body (null ones left out), or null when it has none; a
 * 400 for what Runnel would otherwise silently not do.
 */
export function windmillFieldsOf(body: Record<string, unknown>): WindmillFields | null {
  if (body.draft_only === true) {
    throw badRequest('draft_only: Runnel has no drafts; deploy without draft_only (every deploy is a version)');
  }
  if (typeof body.codebase === 'string' && body.codebase !== '') {
    throw badRequest('codebase: bundled scripts (codebases) are not supported; push the script without a codebase');
  }
  const modules = body.modules as Record<string, unknown> | null | undefined;
  if (modules && Object.keys(modules).length > 0) {
    throw badRequest('modules: scripts made of several files are not supported; put the code in one file');
  }
  const fields: WindmillFields = {};
  for (const key of Object.keys(WINDMILL_STORED_FIELDS) as WindmillStoredField[]) {
    if (body[key] !== undefined && body[key] !== null) fields[key] = body[key];
  }
  return Object.keys(fields).length > 0 ? fields : null;
}

/** The response properties of the stored Windmill fields (see WINDMILL_STORED_FIELDS). */
export const windmillFieldsViewSchema = Object.fromEntries(
  Object.entries(WINDMILL_STORED_FIELDS).map(([k, v]) => [
    k,
    { ...v, description: "Windmill's field, stored and answered as deployed; Runnel does not act on it." },
  ]),
);
