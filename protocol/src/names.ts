/**
 * NATS names, all derived from one prefix so that several Runnel installations (or test runs)
 * can share a NATS server without seeing each other's messages.
 */
export interface NatsNames {
  prefix: string;
  /** WorkQueue stream holding queued jobs, subjects `<prefix>.jobs.<tag>`. */
  jobsStream: string;
  jobsSubject(tag: string): string;
  /** Durable pull consumer shared by every worker of a group. */
  groupConsumer(tag: string): string;
  /** Stream of worker → server events (started, logs, results), subjects `<prefix>.events.<jobId>`. */
  eventsStream: string;
  eventsSubject(jobId: string): string;
  /** Core NATS subject a running job listens on for cancellation. */
  cancelSubject(jobId: string): string;
  /** Core NATS subject the server publishes on once a job's final state is stored. */
  doneSubject(jobId: string): string;
  /** KV bucket of canceled job ids, checked by a worker before it starts a job. */
  cancelBucket: string;
  /**
   * The namespace of one workspace's NATS triggers, `<prefix>.ws.<workspace>`: a trigger's subject
   * `orders.*` is subscribed as `<prefix>.ws.<workspace>.orders.*`, where publishers publish.
   * Workspace ids are single tokens (a-z, 0-9, _ and -), so no workspace's namespace contains
   * another's, and nothing else of Runnel's lives under `<prefix>.ws.` (docs/adr/0012).
   */
  workspaceSubjects(workspace: string): string;
  /** Core NATS subject every worker publishes its heartbeat on (WorkerHeartbeat); servers listen. */
  workersHeartbeatSubject: string;
  /*
   * Server to server. Core NATS subjects that announce a job's progress to live watchers (GraphQL
   * subscriptions) on every replica, whichever replica applied the change. Nothing is stored: a
   * watcher subscribes first, then reads the row and the stored logs, so it misses nothing. The end
   * of a job is `doneSubject`. `'*'` as the id subscribes to every job.
   */
  /** A job's row was committed (queued, or a flow started); the payload is empty. */
  jobCreatedSubject(jobId: string): string;
  /** A job's row changed without ending (it started running, a flow step moved); the payload is empty. */
  jobUpdatedSubject(jobId: string): string;
  /** A batch of a job's log was stored; the payload is a JSON `LogChunk` (server/src/jobs/log-chunk.ts). */
  jobLogsSubject(jobId: string): string;
  /*
   * Server to server: a replica that changed a table others keep in memory or keep a timer for
   * announces it, and the others re-read or re-arm.
   */
  /** A flow timer was added; the payload is its time in ms since the epoch. */
  flowTimersSubject: string;
  /** A schedule's next tick moved; the payload is its time in ms since the epoch. */
  schedulesChangedSubject: string;
  /** HTTP routes changed; the others reload their route table. */
  httpTriggersChangedSubject: string;
  /** NATS triggers changed; the others re-subscribe. */
  natsTriggersChangedSubject: string;
  /** A token or session was revoked; the others drop it from their cache. */
  authForgetSubject: string;
  /**
   * Server to workers (core NATS, nothing stored): a deploy locked the dependencies of a script or
   * of a flow's inline step, so a worker may install that lock into its cache before the first job
   * needs it (docs/adr/0035-script-dependencies.md). The payload is a JSON `DepsPrefetch`
   * (messages.ts, `encodeDepsPrefetch`/`decodeDepsPrefetch`): `{"language": "bun", "lock": "<the
   * lock's text, as JobMessage.lock carries it>"}`, sent once per distinct lock of a deploy. A
   * worker that misses it installs the lock when a job brings it.
   */
  depsPrefetchSubject: string;
  /**
   * Worker to server (core NATS request–reply, queue group `jobApiQueue`, so one replica
   * answers): a running job's request to the job API, with the job's id and credential
   * (job-api.ts, docs/adr/0037-secrets-in-jobs.md).
   */
  jobApiSubject: string;
  jobApiQueue: string;
}

const TAG = /^[A-Za-z0-9_-]{1,64}$/;

export function isValidTag(tag: string): boolean {
  return TAG.test(tag);
}

export function natsNames(prefix = 'runnel'): NatsNames {
  if (!/^[a-z0-9_]{1,32}$/.test(prefix)) {
    throw new Error(`NATS prefix "${prefix}" must be 1-32 characters of a-z, 0-9 and _`);
  }
  const upper = prefix.toUpperCase();
  return {
    prefix,
    jobsStream: `${upper}_JOBS`,
    jobsSubject: (tag) => `${prefix}.jobs.${tag}`,
    groupConsumer: (tag) => `workers_${tag}`,
    eventsStream: `${upper}_EVENTS`,
    eventsSubject: (jobId) => `${prefix}.events.${jobId}`,
    cancelSubject: (jobId) => `${prefix}.cancel.${jobId}`,
    doneSubject: (jobId) => `${prefix}.done.${jobId}`,
    cancelBucket: `${prefix}_canceled`,
    workspaceSubjects: (workspace) => `${prefix}.ws.${workspace}`,
    workersHeartbeatSubject: `${prefix}.workers.heartbeat`,
    jobCreatedSubject: (jobId) => `${prefix}.created.${jobId}`,
    jobUpdatedSubject: (jobId) => `${prefix}.updated.${jobId}`,
    jobLogsSubject: (jobId) => `${prefix}.logs.${jobId}`,
    flowTimersSubject: `${prefix}.flow.timers`,
    schedulesChangedSubject: `${prefix}.schedules.changed`,
    httpTriggersChangedSubject: `${prefix}.http_triggers.changed`,
    natsTriggersChangedSubject: `${prefix}.nats_triggers.changed`,
    authForgetSubject: `${prefix}.auth.forget`,
    depsPrefetchSubject: `${prefix}.deps.prefetch`,
    jobApiSubject: `${prefix}.jobapi`,
    jobApiQueue: 'jobapi',
  };
}
