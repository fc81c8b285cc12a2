/** A version hash as people read it: the first 8 of its 16 hex digits tell versions of a path apart. */
export function shortHash(hash: string): string {
  return hash.slice(0, 8);
}
