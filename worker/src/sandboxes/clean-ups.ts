/**
 * The clean-ups a sandbox has started and not finished (a returned job's folder and slot, a warm
 * sandbox or container discarded): they hold their slot until done, and close() waits for them.
 */
export class CleanUps {
  private readonly pending = new Set<Promise<void>>();

  /** How many are still running: each keeps its slot busy. */
  get size(): number {
    return this.pending.size;
  }

  /** Keeps `cleaning` until it settles; answers it, settled the same way. */
  track(cleaning: Promise<void>): Promise<void> {
    const tracked = cleaning.finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
    return tracked;
  }

  /** Resolves once every clean-up, those started meanwhile included, is done. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
  }
}
