import { createClient, type Client } from 'graphql-ws';
import type { Schemas } from './client';

type Run = Schemas['JobSummary'];

/**
 * Live updates over GraphQL subscriptions (graphql-ws at /graphql). The socket's upgrade request
 * carries the session cookie, so no token is sent; one socket is shared and opened lazily.
 */
let client: Client | undefined;
let connected = false;
const connectionWatchers = new Set<(up: boolean) => void>();

function socket(): Client {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
  if (client) return client;
  // A refused or broken socket is the caller's cue to fall back to polling, not to retry forever.
  client = createClient({ url, retryAttempts: 0 });
  client.on('connected', () => setConnected(true));
  client.on('closed', () => setConnected(false));
  return client;
}

function setConnected(up: boolean): void {
  connected = up;
  for (const watcher of connectionWatchers) watcher(up);
}

/**
 * Calls `watcher` with true each time the socket is (or becomes) open, and false when it closes;
 * at once with true when it is open already. Returns the function that stops watching.
 */
export function watchConnection(watcher: (up: boolean) => void): () => void {
  connectionWatchers.add(watcher);
  if (connected) watcher(true);
  return () => connectionWatchers.delete(watcher);
}

export interface Handlers<T> {
  next(data: T): void;
  /** The socket failed or the server refused: the caller falls back to polling. */
  error(message: string): void;
  complete(): void;
}

/** Subscribes; returns the function that ends the subscription. */
export function subscribe<T>(query: string, variables: Record<string, unknown>, handlers: Handlers<T>): () => void {
  return socket().subscribe<T>(
    { query, variables },
    {
      next: (result) => {
        if (result.errors?.length) handlers.error(result.errors.map((e) => e.message).join('; '));
        else if (result.data) handlers.next(result.data);
      },
      error: (err) => handlers.error(describe(err)),
      complete: () => handlers.complete(),
    },
  );
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (Array.isArray(err)) return err.map((e: { message?: string }) => e.message ?? String(e)).join('; ');
  const close = err as { code?: number; reason?: string } | undefined;
  return close?.reason || `the live connection closed (${close?.code ?? 'unknown'})`;
}

export interface LogChunk {
  attempt: number;
  seq: number;
  text: string;
}

const JOB_LOGS = `subscription ($workspace: String!, $id: ID!) {
  jobLogs(workspace: $workspace, id: $id) { attempt seq text }
}`;

/** A job's stored output, then each batch as it arrives; completes when the job has ended. */
export function subscribeJobLogs(workspace: string, id: string, handlers: Handlers<LogChunk>): () => void {
  return subscribe<{ jobLogs: LogChunk }>(
    JOB_LOGS,
    { workspace, id },
    { ...handlers, next: (d) => handlers.next(d.jobLogs) },
  );
}

/** What the app reads of a job as it changes: its status, and its result once it has one. */
export interface JobUpdate {
  /** The REST API's status (`success`), not GraphQL's enum name (`SUCCESS`). */
  status: 'queued' | 'running' | 'success' | 'failure' | 'canceled';
  result: unknown;
  durationMs: number | null;
}

const JOB_UPDATED = `subscription ($workspace: String!, $id: ID!) {
  jobUpdated(workspace: $workspace, id: $id) { status result durationMs }
}`;

/** The job now, then each change of its status; completes after its final status. */
export function subscribeJobUpdates(workspace: string, id: string, handlers: Handlers<JobUpdate>): () => void {
  return subscribe<{ jobUpdated: { status: string; result: unknown; durationMs: number | null } }>(
    JOB_UPDATED,
    { workspace, id },
    {
      ...handlers,
      next: ({ jobUpdated: job }) => handlers.next({ ...job, status: job.status.toLowerCase() as JobUpdate['status'] }),
    },
  );
}

/** A flow run's progress as flowProgress sends it; statuses are the REST API's (`running`). */
export interface FlowProgress {
  id: string;
  status: 'queued' | 'running' | 'success' | 'failure' | 'canceled';
  /** The engine's per-step view (jobs_u/get's `flow_status`). */
  flowStatus: unknown;
  steps: { id: string; flowStepId: string | null; kind: string; status: string }[];
}

const FLOW_PROGRESS = `subscription ($workspace: String!, $id: ID!) {
  flowProgress(workspace: $workspace, id: $id) { id status flowStatus steps { id flowStepId kind status } }
}`;

/** A flow run's progress now, then each time a step is queued, starts or ends; completes when it ends. */
export function subscribeFlowProgress(workspace: string, id: string, handlers: Handlers<FlowProgress>): () => void {
  return subscribe<{ flowProgress: FlowProgress }>(
    FLOW_PROGRESS,
    { workspace, id },
    {
      ...handlers,
      next: ({ flowProgress: p }) =>
        handlers.next({
          ...p,
          status: p.status.toLowerCase() as FlowProgress['status'],
          steps: p.steps.map((s) => ({ ...s, status: s.status.toLowerCase() })),
        }),
    },
  );
}

/** A row of runsChanged, as GraphQL names it. */
interface RunChange {
  id: string;
  workspaceId: string;
  kind: Run['kind'];
  status: Uppercase<Run['status']>;
  scriptPath: string | null;
  language: string;
  tag: string;
  attempts: number;
  worker: string | null;
  parentJob: string | null;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  durationMs: number | null;
  triggerKind: string | null;
  triggerPath: string | null;
}

const RUNS_CHANGED = `subscription ($workspace: String!, $filter: JobFilter) {
  runsChanged(workspace: $workspace, filter: $filter) {
    id workspaceId kind status scriptPath language tag attempts worker parentJob
    createdAt startedAt completedAt durationMs triggerKind triggerPath
  }
}`;

/** jobs/runs' query parameters, as a list filters runs (lib/runs-list/filters.ts serverFilter). */
export interface RunsQuery {
  status?: Run['status'];
  script_path_start?: string;
  job_kinds?: string;
  trigger_kind?: string;
  created_after?: string;
}

/**
 * Each run of the workspace that matches `query` when it is queued, starts or ends, as the row
 * jobs/runs would list; nothing that happened before subscribing.
 */
export function subscribeRuns(workspace: string, query: RunsQuery, handlers: Handlers<Run>): () => void {
  const filter = {
    status: query.status?.toUpperCase(),
    scriptPathStart: query.script_path_start,
    jobKinds: query.job_kinds?.split(','),
    triggerKinds: query.trigger_kind?.split(','),
    createdAfter: query.created_after,
  };
  return subscribe<{ runsChanged: RunChange }>(
    RUNS_CHANGED,
    { workspace, filter },
    { ...handlers, next: (d) => handlers.next(runRow(d.runsChanged)) },
  );
}

function runRow(c: RunChange): Run {
  return {
    id: c.id,
    workspace_id: c.workspaceId,
    kind: c.kind,
    status: c.status.toLowerCase() as Run['status'],
    script_path: c.scriptPath,
    language: c.language,
    tag: c.tag,
    attempts: c.attempts,
    worker: c.worker,
    parent_job: c.parentJob,
    created_at: c.createdAt,
    started_at: c.startedAt,
    completed_at: c.completedAt,
    duration_ms: c.durationMs,
    trigger_kind: c.triggerKind,
    trigger_path: c.triggerPath,
  };
}
