/** Counts free job slots shared by every group a worker serves. */
export class Semaphore {
  private waiters: (() => void)[] = [];
  private watchers: (() => void)[] = [];
  constructor(private free: number) {}

  /** Slots free now (0 while jobs wait for one). */
  get freeSlots(): number {
    return this.free;
  }

  /** Resolves when a slot is free, without taking it. */
  async available(): Promise<void> {
    if (this.free > 0) return;
    await new Promise<void>((resolve) => this.watchers.push(resolve));
  }

  async acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) {
      next();
      return;
    }
    this.free++;
    const watchers = this.watchers;
    this.watchers = [];
    for (const watch of watchers) watch();
  }
}
