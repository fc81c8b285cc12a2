import { readFileSync } from 'node:fs';

// Who holds an install lock or uses a cache entry: a process, named by its pid and its start
// time, so that a pid reused by an unrelated process after a crash is not taken for the holder.

/** The start time of process `pid` (field 22 of /proc/<pid>/stat, in clock ticks since boot), if it runs. */
function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** This process, as lock and in-use files name it: `<pid>.<start time>`. */
export const SELF = `${process.pid}.${startTime(process.pid) ?? ''}`;

/** Whether the process a lock or in-use file names still runs (false for an unreadable name). */
export function holderAlive(holder: string): boolean {
  const [pidText, started] = holder.trim().split('.');
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  // /proc/<pid>/stat is readable for every process: none means the process is gone.
  const now = startTime(pid);
  return now !== undefined && now === started;
}
