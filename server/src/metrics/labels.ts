/** `2xx`, `4xx` …: the status class, a label of a handful of values where the status would have dozens. */
export function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}

/**
 * A label whose values come from data (worker group names): the first `max` distinct values are
 * kept, later ones are all `other`, so no input can make the series count grow without end.
 */
export class BoundedLabel {
  private readonly seen = new Set<string>();

  constructor(private readonly max: number) {}

  of(value: string | null | undefined): string {
    const v = value || 'none';
    if (this.seen.has(v)) return v;
    if (this.seen.size >= this.max) return 'other';
    this.seen.add(v);
    return v;
  }
}
