import type { JobNetwork } from '@runnel/protocol';
import type { JsonSchema, Language, SchemaOverrides } from '@runnel/runtimes';

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
  tag: string;
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
