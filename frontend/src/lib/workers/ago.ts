const UNITS: [limit: number, size: number, unit: string][] = [
  [60, 1, 's'],
  [3600, 60, 'min'],
  [86_400, 3600, 'h'],
  [Infinity, 86_400, 'd'],
];

/** How long ago `iso` was, short ("4 s ago"); a clock a little ahead of ours still says "just now". */
export function ago(iso: string, nowMs: number): string {
  const seconds = Math.floor((nowMs - new Date(iso).getTime()) / 1000);
  if (seconds < 1) return 'just now';
  const [, size, unit] = UNITS.find(([limit]) => seconds < limit)!;
  return `${Math.floor(seconds / size)} ${unit} ago`;
}
