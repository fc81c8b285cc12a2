/**
 * Undo and redo over immutable documents: each change pushes the document it replaced. Changes
 * with the same `group` made in a row (the keystrokes of one field) are one step to undo, so
 * Ctrl-Z takes back a word typed, not a letter.
 */
export class History<T> {
  private past: T[] = [];
  private future: T[] = [];
  private lastGroup: string | null = null;

  constructor(
    private present: T,
    private readonly limit = 200,
  ) {}

  get current(): T {
    return this.present;
  }
  get canUndo(): boolean {
    return this.past.length > 0;
  }
  get canRedo(): boolean {
    return this.future.length > 0;
  }

  /** Makes `next` the current document; `group` joins it to the previous change of the same group. */
  push(next: T, group: string | null = null): void {
    if (next === this.present) return;
    if (group === null || group !== this.lastGroup) {
      this.past.push(this.present);
      if (this.past.length > this.limit) this.past.shift();
    }
    this.present = next;
    this.future = [];
    this.lastGroup = group;
  }

  undo(): T {
    const previous = this.past.pop();
    if (previous !== undefined) {
      this.future.push(this.present);
      this.present = previous;
    }
    this.lastGroup = null;
    return this.present;
  }

  redo(): T {
    const next = this.future.pop();
    if (next !== undefined) {
      this.past.push(this.present);
      this.present = next;
    }
    this.lastGroup = null;
    return this.present;
  }

  /** Ends the current group: the next change is its own undo step (focus left the field). */
  seal(): void {
    this.lastGroup = null;
  }
}
