/**
 * Host uids for running jobs, one per concurrent job. Per-user kernel limits (RLIMIT_NPROC,
 * signals, file ownership) then never mix two jobs. Slots are shared by every sandbox in the
 * process; two worker processes on one machine need different bases.
 */
const taken = new Map<number, Set<number>>();

export interface JobSlot {
  uid: number;
  release(): void;
}

export function acquireSlot(uidBase: number, maxSlots: number): JobSlot {
  let used = taken.get(uidBase);
  if (!used) taken.set(uidBase, (used = new Set()));
  for (let n = 0; n < maxSlots; n++) {
    if (used.has(n)) continue;
    used.add(n);
    const slots = used;
    let released = false;
    return {
      uid: uidBase + n,
      release: () => {
        if (released) return;
        released = true;
        slots.delete(n);
      },
    };
  }
  throw new Error(`all ${maxSlots} sandbox uids from ${uidBase} are in use`);
}

/** Whether no sandbox holds the slot of host uid `uid` now. */
export function slotFree(uidBase: number, uid: number): boolean {
  return !taken.get(uidBase)?.has(uid - uidBase);
}
