/** A row of `nats_trigger`. */
export interface NatsTriggerRow {
  id: string;
  workspace_id: string;
  path: string;
  subjects: string[];
  script_path: string;
  is_flow: boolean;
  summary: string;
  enabled: boolean;
  created_by: string;
  created_at: Date;
  edited_by: string;
  edited_at: Date;
}

/** The SQLSTATE of a failed query, from TypeORM's error or the driver's. */
export function sqlState(err: unknown): string | undefined {
  const e = err as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' ? code : undefined;
}
