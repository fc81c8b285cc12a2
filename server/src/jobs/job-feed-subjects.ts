import type { NatsNames } from '@runnel/protocol';

/**
 * Core NATS subjects that announce a job's progress to live watchers (GraphQL subscriptions) on
 * every server replica, whichever replica applied the worker's event. Nothing is stored: a
 * watcher subscribes first, then reads the row and the stored logs, so it misses nothing.
 * The end of a job is `names.doneSubject(id)`.
 */
export function jobFeedSubjects(names: NatsNames) {
  return {
    /** The job's row changed without ending (it started running); the payload is empty. */
    updated: (jobId: string) => `${names.prefix}.updated.${jobId}`,
    /** A log batch was stored; the payload is a JSON `LogChunk`. */
    logs: (jobId: string) => `${names.prefix}.logs.${jobId}`,
  };
}

/** One stored batch of a job's output; (attempt, seq) identifies it. */
export interface LogChunk {
  attempt: number;
  seq: number;
  text: string;
}
