/** A folder's grants as the API keeps them: `u/<user>` or `g/<group>` → may write. */
export type Perms = Record<string, boolean>;

/** The grants with `grantee` set to read (`write` false) or read and write; the rest unchanged. */
export function withGrant(perms: Perms, grantee: string, write: boolean): Perms {
  return { ...perms, [grantee]: write };
}

/** The grants without `grantee`. */
export function withoutGrant(perms: Perms, grantee: string): Perms {
  return Object.fromEntries(Object.entries(perms).filter(([g]) => g !== grantee));
}

/** The grants in a stable order: groups, then users, each by name. */
export function sortedGrants(perms: Perms): { grantee: string; write: boolean }[] {
  return Object.entries(perms)
    .map(([grantee, write]) => ({ grantee, write }))
    .sort((a, b) =>
      a.grantee[0] === b.grantee[0] ? a.grantee.localeCompare(b.grantee) : a.grantee < b.grantee ? -1 : 1,
    );
}

/** `u/<name>` or `g/<name>` from what someone typed, or why it is none (the server checks it exists). */
export function granteeOf(kind: 'u' | 'g', name: string): { grantee: string } | { error: string } {
  const trimmed = name.trim();
  if (!trimmed) return { error: kind === 'u' ? 'Enter a username.' : 'Enter a group name.' };
  if (trimmed.includes('/')) return { error: 'Enter the name alone, without u/ or g/.' };
  return { grantee: `${kind}/${trimmed}` };
}
