import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { LANGUAGES, type Language as LanguageName } from '@runnel/runtimes';
import type { FlowRow } from '../flows/flows.service.js';
import { JOB_STATUSES, isFlowJob, type JobRow, type JobStatus as JobStatusName } from '../jobs/job-row.js';
import type { LogChunk } from '../jobs/log-chunk.js';
import type { JobFilter as ListFilter, JobSummary } from '../jobs/job-list.js';
import type { ScriptRow } from '../scripts/script-row.js';
import type { VersionRow } from '../common/versions.js';
import type { FlowProgressRow } from './flow-feed.js';
import { JSONScalar } from './json.scalar.js';

/*
 * GraphQL names follow GraphQL's conventions (camelCase fields, UPPER_CASE enum values); the
 * values are the REST API's (`status: 'success'` is `SUCCESS`). Each type is filled from a
 * database row by one function below, as the REST views are.
 */

/** GraphQL enum values are conventionally upper case; their values stay the REST ones. */
const upperEnum = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v.toUpperCase(), v])) as Record<Uppercase<T>, T>;

export const JobStatus = upperEnum(JOB_STATUSES);
registerEnumType(JobStatus, { name: 'JobStatus', description: 'queued → running → success | failure | canceled' });

export const Language = upperEnum(LANGUAGES);
registerEnumType(Language, { name: 'Language' });

@ObjectType({ description: 'One immutable version of a script; a path points at its newest version.' })
export class Script {
  @Field() workspaceId!: string;
  @Field() path!: string;
  @Field({ description: 'Identifies this version.' }) hash!: string;
  @Field(() => String, { nullable: true }) parentHash!: string | null;
  @Field(() => Language) language!: LanguageName;
  @Field() content!: string;
  @Field() summary!: string;
  @Field() description!: string;
  @Field(() => JSONScalar, { description: "JSON Schema of main's parameters, inferred at deploy." })
  schema!: unknown;
  @Field({ description: 'Worker group that runs it.' }) tag!: string;
  @Field(() => Int, { nullable: true, description: 'Wall-time limit in seconds; null: the server default.' })
  timeout!: number | null;
  @Field(() => String, { nullable: true, description: "none, outbound or host; null: the worker group's default." })
  network!: string | null;
  @Field(() => Float, { nullable: true, description: "CPU cores its jobs may use; null: the worker group's default." })
  cpus!: number | null;
  @Field(() => Int, {
    nullable: true,
    description: "Disk quota of its jobs' folder in MiB; null: the group's default.",
  })
  diskMb!: number | null;
  @Field(() => JSONScalar, { nullable: true, description: 'The refinements of the form deployed with this version.' })
  schemaOverrides!: unknown;
  @Field(() => String, {
    nullable: true,
    description:
      'The exact versions of the packages it imports, resolved at its deploy (REST: `lock`); null: it imports none.',
  })
  lock!: string | null;
  @Field() createdBy!: string;
  @Field() createdAt!: Date;
  @Field() archived!: boolean;
}

export function toScript(row: ScriptRow): Script {
  return {
    workspaceId: row.workspace_id,
    path: row.path,
    hash: row.hash,
    parentHash: row.parent_hash,
    language: row.language,
    content: row.content,
    summary: row.summary,
    description: row.description,
    schema: row.schema,
    tag: row.tag,
    timeout: row.timeout_s,
    network: row.network,
    cpus: row.cpus,
    diskMb: row.disk_mb,
    schemaOverrides: row.schema_overrides,
    lock: row.lock,
    createdBy: row.created_by,
    createdAt: row.created_at,
    archived: row.archived,
  };
}

/** The fields of a history entry, the same for scripts and flows (common/versions.ts). */
@ObjectType({ isAbstract: true })
abstract class VersionEntry {
  @Field() hash!: string;
  @Field(() => String, { nullable: true }) parentHash!: string | null;
  @Field() summary!: string;
  @Field({ description: 'The id of the user who deployed it.' }) createdBy!: string;
  @Field(() => String, { nullable: true }) createdByUsername!: string | null;
  @Field() createdAt!: Date;
  @Field({ description: 'Archived with its path.' }) archived!: boolean;
  @Field({ description: "The path's newest version: what runs by path." }) current!: boolean;
}

@ObjectType({ description: "One entry of a script's history: which version, by whom and when; no code." })
export class ScriptVersion extends VersionEntry {}

@ObjectType({ description: "One entry of a flow's history: which version, by whom and when; no document." })
export class FlowVersion extends VersionEntry {}

export function toVersionEntry(row: VersionRow): VersionEntry {
  return {
    hash: row.hash,
    parentHash: row.parent_hash,
    summary: row.summary,
    createdBy: row.created_by,
    createdByUsername: row.created_by_username,
    createdAt: row.created_at,
    archived: row.archived,
    current: row.current,
  };
}

@ObjectType({ description: 'One immutable version of a flow (an OpenFlow document).' })
export class Flow {
  @Field() workspaceId!: string;
  @Field() path!: string;
  @Field() hash!: string;
  @Field(() => String, { nullable: true }) parentHash!: string | null;
  @Field() summary!: string;
  @Field() description!: string;
  @Field(() => JSONScalar, { description: 'The OpenFlow `value`: modules, failure module, …' }) value!: unknown;
  @Field(() => JSONScalar, { nullable: true }) schema!: unknown;
  @Field() createdBy!: string;
  @Field() createdAt!: Date;
  @Field() archived!: boolean;
}

export function toFlow(row: FlowRow): Flow {
  return {
    workspaceId: row.workspace_id,
    path: row.path,
    hash: row.hash,
    parentHash: row.parent_hash,
    summary: row.summary,
    description: row.description,
    value: row.value,
    schema: row.schema,
    createdBy: row.created_by,
    createdAt: row.created_at,
    archived: row.archived,
  };
}

@ObjectType({ description: 'A run of a script or a flow.' })
export class Job {
  @Field(() => ID) id!: string;
  @Field() workspaceId!: string;
  @Field({ description: 'script, flow, flowpreview, …' }) kind!: string;
  @Field(() => JobStatus) status!: JobStatusName;
  @Field(() => JSONScalar, {
    nullable: true,
    description: "The script's return value; a failed job's is {error: {name, message, stack?}}.",
  })
  result!: unknown;
  @Field(() => JSONScalar) args!: unknown;
  @Field(() => String, { nullable: true }) scriptPath!: string | null;
  @Field(() => String, { nullable: true }) scriptHash!: string | null;
  @Field() language!: string;
  @Field() tag!: string;
  @Field(() => Int, { description: 'Wall-time limit in seconds.' }) timeout!: number;
  @Field(() => Int) attempts!: number;
  @Field(() => String, { nullable: true }) worker!: string | null;
  @Field(() => ID, { nullable: true }) parentJob!: string | null;
  @Field(() => String, { nullable: true }) flowStepId!: string | null;
  @Field(() => String, { nullable: true }) createdBy!: string | null;
  @Field() createdAt!: Date;
  @Field(() => Date, { nullable: true }) startedAt!: Date | null;
  @Field(() => Date, { nullable: true }) completedAt!: Date | null;
  @Field(() => Float, { nullable: true }) durationMs!: number | null;
  @Field(() => Int, {
    nullable: true,
    description: "How far the job says it is, 0 to 100 (the SDK's setProgress); null until it says.",
  })
  progress!: number | null;
  @Field(() => String, { nullable: true }) schedulePath!: string | null;
  @Field(() => Date, { nullable: true }) scheduledFor!: Date | null;
  @Field(() => String, { nullable: true }) triggerKind!: string | null;
  @Field(() => String, { nullable: true }) triggerPath!: string | null;
  @Field(() => JSONScalar, { nullable: true, description: "A flow's progress, step by step; null for a script." })
  flowStatus!: unknown;
  @Field(() => JSONScalar, { nullable: true, description: 'The flow document a flow job runs; null for a script.' })
  rawFlow!: unknown;
}

export function toJob(row: JobRow): Job {
  const flow = isFlowJob(row);
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    kind: row.kind,
    status: row.status,
    result: row.result ?? null,
    args: row.args,
    scriptPath: row.script_path,
    scriptHash: row.script_hash,
    language: row.language,
    tag: row.tag,
    timeout: row.timeout_s,
    attempts: row.attempts,
    worker: row.worker,
    parentJob: row.parent_job,
    flowStepId: row.flow_step_id,
    createdBy: row.created_by,
    createdAt: row.created_at,
    startedAt: row.started_at,
    completedAt: row.completed_at,
    durationMs: row.duration_ms,
    progress: row.progress ?? null,
    schedulePath: row.schedule_path,
    scheduledFor: row.scheduled_for,
    triggerKind: row.trigger_kind,
    triggerPath: row.trigger_path,
    flowStatus: flow ? (row.flow_status ?? null) : null,
    rawFlow: flow ? (row.flow_value ?? null) : null,
  };
}

@ObjectType({ description: 'One step job of a flow run: no arguments, result or logs (read them with job).' })
export class FlowStepJob {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true, description: "The step's id in the flow document." })
  flowStepId!: string | null;
  @Field({ description: 'flowscript, script, flow (a sub-flow: follow it with its own flowProgress), …' })
  kind!: string;
  @Field(() => JobStatus) status!: JobStatusName;
  @Field(() => Date, { nullable: true }) startedAt!: Date | null;
  @Field(() => Date, { nullable: true }) completedAt!: Date | null;
  @Field(() => Float, { nullable: true }) durationMs!: number | null;
}

@ObjectType({ description: "A flow run's progress, step by step." })
export class FlowProgress {
  @Field(() => ID) id!: string;
  @Field(() => JobStatus, { description: "The flow job's status." }) status!: JobStatusName;
  @Field(() => JSONScalar, {
    nullable: true,
    description:
      "The engine's view of every module (as jobs/list's flow_status; jobs_u/get's adds Windmill's words): " +
      'status waiting, running, suspended, success, failure or skipped; loop iterations and branches with ' +
      'their modules; the job of each step.',
  })
  flowStatus!: unknown;
  @Field(() => [FlowStepJob], {
    description: "The flow's step jobs (loop iterations and retries included), oldest first.",
  })
  steps!: FlowStepJob[];
}

export function toFlowProgress(row: FlowProgressRow): FlowProgress {
  return {
    id: row.id,
    status: row.status,
    flowStatus: row.flow_status,
    steps: row.steps.map((s) => ({
      id: s.id,
      flowStepId: s.flow_step_id,
      kind: s.kind,
      status: s.status,
      startedAt: s.started_at,
      completedAt: s.completed_at,
      durationMs: s.duration_ms,
    })),
  };
}

@ObjectType({ description: 'A row of a list of runs: no arguments, result, logs or flow state.' })
export class RunSummary {
  @Field(() => ID) id!: string;
  @Field() workspaceId!: string;
  @Field({ description: 'script, flow, flowpreview, …' }) kind!: string;
  @Field(() => JobStatus) status!: JobStatusName;
  @Field(() => String, { nullable: true }) scriptPath!: string | null;
  @Field(() => String, { nullable: true }) scriptHash!: string | null;
  @Field() language!: string;
  @Field() tag!: string;
  @Field(() => Int) attempts!: number;
  @Field(() => String, { nullable: true }) worker!: string | null;
  @Field(() => ID, { nullable: true }) parentJob!: string | null;
  @Field(() => String, { nullable: true }) flowStepId!: string | null;
  @Field(() => String, { nullable: true }) createdBy!: string | null;
  @Field() createdAt!: Date;
  @Field(() => Date, { nullable: true }) startedAt!: Date | null;
  @Field(() => Date, { nullable: true }) completedAt!: Date | null;
  @Field(() => Float, { nullable: true }) durationMs!: number | null;
  @Field(() => String, { nullable: true, description: 'http, nats, schedule, …; null: an API call (api).' })
  triggerKind!: string | null;
  @Field(() => String, { nullable: true }) triggerPath!: string | null;
  @Field(() => String, { nullable: true }) schedulePath!: string | null;
  @Field(() => Date, { nullable: true }) scheduledFor!: Date | null;
}

export function toRunSummary(row: JobSummary): RunSummary {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    kind: row.kind,
    status: row.status,
    scriptPath: row.script_path,
    scriptHash: row.script_hash,
    language: row.language,
    tag: row.tag,
    attempts: row.attempts,
    worker: row.worker,
    parentJob: row.parent_job,
    flowStepId: row.flow_step_id,
    createdBy: row.created_by,
    createdAt: row.created_at,
    startedAt: row.started_at,
    completedAt: row.completed_at,
    durationMs: row.duration_ms,
    triggerKind: row.trigger_kind,
    triggerPath: row.trigger_path,
    schedulePath: row.schedule_path,
    scheduledFor: row.scheduled_for,
  };
}

@ObjectType({ description: 'A batch of output lines of one attempt; (attempt, seq) orders and identifies it.' })
export class JobLogChunk implements LogChunk {
  @Field(() => Int) attempt!: number;
  @Field(() => Int) seq!: number;
  @Field() text!: string;
}

@InputType()
export class JobFilter {
  @Field(() => String, { nullable: true }) scriptPath?: string | null;
  @Field(() => JobStatus, { nullable: true }) status?: JobStatusName | null;
  @Field(() => ID, { nullable: true }) parentJob?: string | null;
  @Field(() => String, { nullable: true, description: 'Paths starting with this (a folder: f/sales/).' })
  scriptPathStart?: string | null;
  @Field(() => [String], { nullable: true, description: 'script, preview, flow, flowpreview, flowscript, identity.' })
  jobKinds?: string[] | null;
  @Field(() => [String], {
    nullable: true,
    description: 'http (or route), nats, schedule, schedule_on_failure, api (a webhook, the app or another API call).',
  })
  triggerKinds?: string[] | null;
  @Field(() => Boolean, { nullable: true, description: 'true: leave out the steps of flows.' })
  topLevel?: boolean | null;
  @Field(() => Date, { nullable: true }) createdAfter?: Date | null;
  @Field(() => Date, { nullable: true }) createdBefore?: Date | null;
  @Field(() => Date, { nullable: true }) startedAfter?: Date | null;
  @Field(() => Date, { nullable: true }) startedBefore?: Date | null;
}

/** GraphQL's filter in the list endpoints' terms (job-list.ts), which check and apply it. */
export function listFilter(filter: JobFilter | null | undefined): ListFilter {
  return {
    script_path: filter?.scriptPath ?? undefined,
    script_path_start: filter?.scriptPathStart ?? undefined,
    status: filter?.status ?? undefined,
    job_kinds: filter?.jobKinds?.join(','),
    trigger_kind: filter?.triggerKinds?.join(','),
    top_level: filter?.topLevel?.toString(),
    created_after: filter?.createdAfter?.toISOString(),
    created_before: filter?.createdBefore?.toISOString(),
    started_after: filter?.startedAfter?.toISOString(),
    started_before: filter?.startedBefore?.toISOString(),
    parent_job: filter?.parentJob ?? undefined,
  };
}

@InputType({ description: 'Jobs come newest first.' })
export class Page {
  @Field(() => Int, { nullable: true, description: 'From 1. Default 1.' }) page?: number | null;
  @Field(() => Int, { nullable: true, description: 'From 1 to 1000. Default 30.' }) perPage?: number | null;
}

@InputType({ description: "Deploys a new version; main's parameters become the script's JSON Schema." })
export class CreateScriptInput {
  @Field({ description: 'f/<folder>/<name> or u/<user>/<name>' }) path!: string;
  @Field(() => Language) language!: LanguageName;
  @Field() content!: string;
  @Field(() => String, { nullable: true }) summary?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => String, { nullable: true, description: "Worker group. Default 'default'." }) tag?: string | null;
  @Field(() => Int, { nullable: true, description: 'Wall-time limit in seconds, 1 to 86400.' })
  timeout?: number | null;
  @Field(() => String, { nullable: true, description: "none, outbound or host. Default: the group's." })
  network?: string | null;
  @Field(() => Float, { nullable: true, description: "CPU cores its jobs may use, e.g. 0.5. Default: the group's." })
  cpus?: number | null;
  @Field(() => Int, { nullable: true, description: "Disk quota of its jobs' folder in MiB. Default: the group's." })
  diskMb?: number | null;
  @Field(() => JSONScalar, {
    nullable: true,
    description:
      'Refinements of the inferred form (order; per parameter title, format, min/max…); see REST createScript.',
  })
  schemaOverrides?: unknown;
}
