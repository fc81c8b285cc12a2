/** A row of `resource` as read, and the view every API answers with (docs/adr/0038-resources.md). */
export interface ResourceRow {
  id: string;
  workspace_id: string;
  path: string;
  resource_type: string;
  /** Every field except the secret ones that are stored sealed. */
  value: Record<string, unknown>;
  description: string;
  /** The fields stored sealed in `resource_secret`, by name. */
  secret_fields: string[];
  created_at: Date;
  edited_at: Date;
  created_by_username: string;
  edited_by_username: string;
}

export const SELECT_RESOURCE = `SELECT r.*, c.username AS created_by_username, e.username AS edited_by_username,
    ARRAY(SELECT s.field FROM resource_secret s WHERE s.resource_id = r.id ORDER BY s.field) AS secret_fields
  FROM resource r JOIN app_user c ON c.id = r.created_by JOIN app_user e ON e.id = r.edited_by`;

/** The response schema of resourceView, in the OpenAPI document as `Resource`. */
export const resourceViewSchema = {
  type: 'object',
  required: ['workspace_id', 'path', 'resource_type', 'value', 'secret_fields', 'description'],
  properties: {
    workspace_id: { type: 'string' },
    path: { type: 'string' },
    resource_type: { type: 'string' },
    value: {
      type: 'object',
      additionalProperties: true,
      description:
        'The fields; a secret field stored sealed is null here (see `secret_fields`); a `$var:<path>` ' +
        'field is the reference, resolved when a job starts.',
    },
    secret_fields: {
      type: 'array',
      items: { type: 'string' },
      description: 'The fields whose value is stored encrypted and never returned.',
    },
    description: { type: 'string' },
    created_by: { type: 'string' },
    created_at: { type: 'string', format: 'date-time' },
    edited_by: { type: 'string' },
    edited_at: { type: 'string', format: 'date-time' },
  },
} as const;

/** The value as every read answers it: each sealed field present, as null. */
export const visibleValue = (row: ResourceRow): Record<string, unknown> => ({
  ...row.value,
  ...Object.fromEntries(row.secret_fields.map((field) => [field, null])),
});

export function resourceView(row: ResourceRow) {
  return {
    workspace_id: row.workspace_id,
    path: row.path,
    resource_type: row.resource_type,
    value: visibleValue(row),
    secret_fields: row.secret_fields,
    description: row.description,
    created_by: row.created_by_username,
    created_at: row.created_at,
    edited_by: row.edited_by_username,
    edited_at: row.edited_at,
  };
}
