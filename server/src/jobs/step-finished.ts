import { Injectable } from '@nestjs/common';
import type { JobRow } from './job-row.js';

/** Told of a step job that ended; awaited. */
export type StepFinishedListener = (row: JobRow) => Promise<void>;

/**
 * The event "a job that is a step of a flow reached a final status". jobs/ announces it wherever
 * a step's status becomes final (a worker's result or the max-deliveries advisory in JobEvents,
 * a lost job in JobReaper, an unpublishable job in JobPublisher, a user's cancel in
 * JobsService#cancel); flows/ subscribes (FlowOrchestrator, at init). So jobs/ knows nothing of
 * flows/: the dependency goes one way, flows → jobs (docs/adr/0033-one-direction-jobs-flows.md).
 *
 * Listeners are awaited in turn and a rejection reaches the announcer: JobEvents then naks the
 * worker event, so its redelivery tells the flow again.
 */
@Injectable()
export class StepFinished {
  private readonly listeners = new Set<StepFinishedListener>();

  /** Adds a listener; returns what removes it. */
  subscribe(listener: StepFinishedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Whether anyone listens (JobEvents reads nothing back for a redelivered result otherwise). */
  get heard(): boolean {
    return this.listeners.size > 0;
  }

  /** Tells every listener that step job `row` ended; rejects if one of them did. */
  async announce(row: JobRow): Promise<void> {
    for (const listener of this.listeners) await listener(row);
  }
}
