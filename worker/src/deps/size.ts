const UNITS: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

/**
 * Bytes of a size written as `5368709120`, `500M`, `5G`, `5GiB` or `1.5G` (binary units: K, M, G,
 * T, with an optional `iB` or `B`); throws naming the variable and what it takes.
 */
export function parseSize(name: string, raw: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?\s*$/i.exec(raw);
  const bytes = match ? Math.floor(Number(match[1]) * UNITS[match[2]!.toUpperCase()]!) : NaN;
  if (!(bytes > 0)) throw new Error(`${name} must be a size such as 5G, 500M or a number of bytes, got "${raw}"`);
  return bytes;
}

/** `bytes` for a log line: `12.3 MiB`. */
export function formatSize(bytes: number): string {
  for (const unit of ['GiB', 'MiB', 'KiB'] as const) {
    const scale = UNITS[unit[0]!]!;
    if (bytes >= scale) return `${(bytes / scale).toFixed(1)} ${unit}`;
  }
  return `${bytes} B`;
}
