import { flowSchema } from '@runnel/api-contract';
import { auditEntrySchema } from '../audit/audit.service.js';
import { invitationSchema } from '../users/invites.service.js';
import { memberSchema } from '../users/members.service.js';
import { userSchema } from '../users/users.service.js';
import { workspaceSchema } from '../workspaces/workspaces.service.js';
import { workspaceOfUserSchema } from '../auth/session.service.js';
import { truncatedTokenSchema } from '../auth/tokens.service.js';
import { errorBodySchema } from '../common/error-filter.js';
import { approvalInfoSchema } from '../flows/approval-view.js';
import { folderViewSchema } from '../folders/folders.service.js';
import { groupViewSchema } from '../folders/groups.service.js';
import { flowVersionSchema, flowViewSchema } from '../flows/flows.service.js';
import { triggerViewSchema } from '../http-triggers/http-triggers.service.js';
import { jobSummarySchema } from '../jobs/job-list.js';
import { jobViewSchema } from '../jobs/job-row.js';
import { jobFailureSchema } from '../jobs/webhook-shape.js';
import { natsTriggerViewSchema } from '../nats-triggers/nats-triggers.service.js';
import { cronPreviewSchema } from '../schedules/cron-preview.js';
import { scheduleViewSchema } from '../schedules/schedule-row.js';
import { resourceViewSchema } from '../resources/resource-row.js';
import { resourceTypeViewSchema } from '../resources/resource-types.service.js';
import { scriptVersionSchema, scriptViewSchema } from '../scripts/scripts.service.js';
import { variableViewSchema } from '../variables/variables.service.js';
import {
  completedJobSchema,
  flowStatusModuleSchema,
  flowStatusSchema,
  jobUpdateSchema,
  windmillJobSchema,
} from '../windmill/job-view.js';
import type { JsonSchema } from '../common/api-docs.js';

/** The response schemas, each defined beside the view function that builds the response. */
const VIEW_SCHEMAS: Record<string, JsonSchema> = {
  Approval: approvalInfoSchema,
  AuditEntry: auditEntrySchema,
  CompletedJob: completedJobSchema,
  Error: errorBodySchema,
  Flow: flowViewSchema,
  FlowStatus: flowStatusSchema,
  FlowStatusModule: flowStatusModuleSchema,
  FlowVersion: flowVersionSchema,
  Folder: folderViewSchema,
  Group: groupViewSchema,
  HttpTrigger: triggerViewSchema,
  Invitation: invitationSchema,
  Job: jobViewSchema,
  JobFailure: jobFailureSchema,
  JobSummary: jobSummarySchema,
  JobUpdate: jobUpdateSchema,
  Member: memberSchema,
  NatsTrigger: natsTriggerViewSchema,
  Resource: resourceViewSchema,
  ResourceType: resourceTypeViewSchema,
  Schedule: scheduleViewSchema,
  SchedulePreview: cronPreviewSchema,
  Script: scriptViewSchema,
  ScriptVersion: scriptVersionSchema,
  TruncatedToken: truncatedTokenSchema,
  User: userSchema,
  UserWorkspace: workspaceOfUserSchema,
  Variable: variableViewSchema,
  WindmillJob: windmillJobSchema,
  Workspace: workspaceSchema,
};

/**
 * The flow JSON Schema as components: the document itself as `OpenFlow`, each of its
 * `definitions` under its own name, references rewritten to `#/components/schemas/<name>`.
 * `$schema`/`$id` go (the document's dialect is OpenAPI 3.1's), and json-schema-to-typescript's
 * `tsType` hint becomes an `x-` extension, the only place OpenAPI allows unknown keywords.
 */
export function flowComponents(): Record<string, JsonSchema> {
  const {
    $schema: _schema,
    $id: _id,
    definitions,
    ...root
  } = rewrite(flowSchema) as Record<string, unknown> & {
    definitions: Record<string, JsonSchema>;
  };
  for (const schema of Object.values(definitions)) addDiscriminatorMapping(schema, definitions);
  return { OpenFlow: root, ...definitions };
}

/**
 * Ajv's `discriminator` finds the branch by each branch's `const`; OpenAPI's, without a
 * `mapping`, by the branch's schema name, so `{type: 'script'}` would have to be `PathScript`.
 * The mapping says which value selects which component.
 */
function addDiscriminatorMapping(schema: JsonSchema, definitions: Record<string, JsonSchema>): void {
  const discriminator = schema.discriminator as { propertyName: string; mapping?: Record<string, string> } | undefined;
  if (!discriminator || !Array.isArray(schema.oneOf)) return;
  const mapping: Record<string, string> = {};
  for (const branch of schema.oneOf as { $ref: string }[]) {
    const name = branch.$ref.replace('#/components/schemas/', '');
    const properties = definitions[name]?.properties as Record<string, { const?: unknown }> | undefined;
    const value = properties?.[discriminator.propertyName]?.const;
    if (typeof value !== 'string') throw new Error(`flow schema: ${name}.${discriminator.propertyName} has no const`);
    mapping[value] = branch.$ref;
  }
  discriminator.mapping = mapping;
}

function rewrite(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewrite);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === '$ref' && typeof v === 'string') out[key] = v.replace(/^#\/definitions\//, '#/components/schemas/');
    else if (key === 'tsType') out['x-tsType'] = v;
    else out[key] = rewrite(v);
  }
  return out;
}

/** Every named schema of the document, sorted by name. */
export function componentSchemas(): Record<string, JsonSchema> {
  const all = { ...flowComponents(), ...structuredClone(VIEW_SCHEMAS) };
  return Object.fromEntries(Object.entries(all).sort(([a], [b]) => a.localeCompare(b)));
}
