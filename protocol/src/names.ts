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
  };
}
