/** The schedule's columns a client sets. */
export interface ScheduleFields {
  schedule: string;
  timezone: string;
  script_path: string;
  is_flow: boolean;
  args: Record<string, unknown>;
  enabled: boolean;
  no_overlap: boolean;
  on_failure: string | null;
  catch_up: boolean;
  summary: string | null;
}

/** A row of `schedule`, with the editor's username joined in. */
export interface ScheduleRow extends ScheduleFields {
  workspace_id: string;
  path: string;
  next_fire_at: Date | null;
  last_fired_at: Date | null;
  /** Why the last tick or failure handler could not start a job; cleared by the next success. */
  error: string | null;
  created_by: string;
  created_at: Date;
  edited_by: string;
  edited_at: Date;
  edited_by_name?: string;
}

export const SCHEDULE_SELECT = `SELECT s.*, u.username AS edited_by_name FROM schedule s JOIN app_user u ON u.id = s.edited_by`;

/** Windmill's Schedule shape (`no_flow_overlap`, `edited_by` as a name) plus Runnel's own fields. */
const nullableDate = { type: ['string', 'null'], format: 'date-time' } as const;

/** The response schema of scheduleView, in the OpenAPI document as `Schedule`. */
export const scheduleViewSchema = {
  type: 'object',
  required: ['workspace_id', 'path', 'schedule', 'timezone', 'script_path', 'is_flow', 'args', 'enabled'],
  properties: {
    workspace_id: { type: 'string' },
    path: { type: 'string' },
    schedule: { type: 'string', description: 'Cron, with an optional seconds field.' },
    timezone: { type: 'string', description: 'IANA time zone.' },
    script_path: { type: 'string' },
    is_flow: { type: 'boolean' },
    args: { type: 'object', additionalProperties: true },
    enabled: { type: 'boolean' },
    no_overlap: { type: 'boolean' },
    no_flow_overlap: { type: 'boolean', description: 'The same as no_overlap (Windmill name).' },
    on_failure: { type: ['string', 'null'], description: 'Script run when a tick fails.' },
    catch_up: { type: 'boolean' },
    summary: { type: ['string', 'null'] },
    next_fire_at: nullableDate,
    last_fired_at: nullableDate,
    error: { type: ['string', 'null'] },
    edited_by: { type: 'string' },
    edited_at: { type: 'string', format: 'date-time' },
    created_at: { type: 'string', format: 'date-time' },
  },
} as const;

export function scheduleView(row: ScheduleRow) {
  return {
    workspace_id: row.workspace_id,
    path: row.path,
    schedule: row.schedule,
    timezone: row.timezone,
    script_path: row.script_path,
    is_flow: row.is_flow,
    args: row.args,
    enabled: row.enabled,
    no_overlap: row.no_overlap,
    no_flow_overlap: row.no_overlap,
    on_failure: row.on_failure,
    catch_up: row.catch_up,
    summary: row.summary,
    next_fire_at: row.next_fire_at,
    last_fired_at: row.last_fired_at,
    error: row.error,
    edited_by: row.edited_by_name ?? row.edited_by,
    edited_at: row.edited_at,
    created_at: row.created_at,
  };
}
