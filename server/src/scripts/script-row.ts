import type { JobNetwork } from '@runnel/protocol';
import type { JsonSchema, Language, SchemaOverrides } from '@runnel/runtimes';
import type { ScriptKind, WindmillFields } from './windmill-fields.js';

/** A deployed script version, as stored in `script`. */
export interface ScriptRow {
  hash: string;
  workspace_id: string;
  path: string;
  parent_hash: string | null;
  language: Language;
  content: string;
  summary: string;
  description: string;
  schema: JsonSchema;
  arg_order: string[];
  /** The worker group; 'default' when the deploy named none (then tag_set is false). */
  tag: string;
  tag_set: boolean;
  /** Windmill's script kind (windmill-fields.ts); 'script' unless a deploy said otherwise. */
  kind: ScriptKind;
  /** The schema the deploy sent, as sent (answered instead of `schema`); null: none was sent. */
  client_schema: JsonSchema | null;
  /** Windmill's fields Runnel stores without acting on them (windmill-fields.ts); null: none. */
  windmill_fields: WindmillFields | null;
  timeout_s: number | null;
  network: JobNetwork | null;
  cpus: number | null;
  disk_mb: number | null;
  schema_overrides: SchemaOverrides | null;
  /** The dependency lock of this version (runtimes/deps); null: it imports no package. */
  lock: string | null;
  created_by: string;
  created_at: Date;
  archived: boolean;
}
