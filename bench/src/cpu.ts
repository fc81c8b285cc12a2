import { readdirSync, readFileSync } from 'node:fs';

/** CPU spent during a measured phase: by this process (server, worker and client) and by the whole machine. */
export interface CpuUse {
  /** CPU time of this Node process (user + system), ms. */
  processMs: number;
  /** Share of all cores busy during the phase, 0–100 (from /proc/stat). */
  machineBusyPercent: number;
  /**
   * CPU ms by process group, from /proc/<pid>/stat: a process's own time, plus the time of
   * children it reaped during the phase (so the launcher's row holds bwrap, slirp and the jobs).
   * Groups: `bench` (this process: server and client), `worker`, `launcher` (with everything it
   * spawned), `postgres`, `nats-server`; other processes of the machine are left out.
   */
  byGroup: Record<string, number>;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

function machineTicks(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((s, v) => s + v, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0); // idle + iowait
  return { busy: total - idle, total };
}

interface ProcTimes {
  group: string;
  ppid: number;
  /** utime + stime + cutime + cstime, ticks. */
  ticks: number;
}

function groupOf(pid: number, comm: string, ppid: number, workers: ReadonlySet<number>): string | undefined {
  if (pid === process.pid) return 'bench';
  if (workers.has(pid)) return 'worker';
  if (workers.has(ppid) && comm === 'node') return 'launcher';
  if (comm === 'postgres') return 'postgres';
  if (comm === 'nats-server') return 'nats-server';
  return undefined;
}

function processTimes(workers: ReadonlySet<number>): Map<number, ProcTimes> {
  const out = new Map<number, ProcTimes>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let text: string;
    try {
      text = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    const close = text.lastIndexOf(')');
    const comm = text.slice(text.indexOf('(') + 1, close);
    const fields = text.slice(close + 2).split(' ');
    // After the comm: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14)
    const group = groupOf(Number(name), comm, Number(fields[1]), workers);
    if (!group) continue;
    const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    out.set(Number(name), { group, ppid: Number(fields[1]), ticks });
  }
  return out;
}

/**
 * Starts measuring; the returned function stops and reports. `workerPids` are worker processes
 * to account for by group (the bench's own children).
 */
export function cpuMeter(workerPids: readonly number[] = []): () => CpuUse {
  const workers = new Set(workerPids);
  const usage = process.cpuUsage();
  const ticks = machineTicks();
  const before = processTimes(workers);
  return () => {
    const used = process.cpuUsage(usage);
    const now = machineTicks();
    const after = processTimes(workers);
    const total = now.total - ticks.total;
    const byGroup: Record<string, number> = {};
    // Processes that exited during the phase are counted in their parent's cutime/cstime, with
    // all of their life: what they had used before the phase was counted then, and comes off
    // (a pool's PostgreSQL backend closing mid-window otherwise adds its whole past to postgres).
    for (const [pid, { group, ticks: t }] of after) {
      byGroup[group] = (byGroup[group] ?? 0) + (t - (before.get(pid)?.ticks ?? 0)) * TICK_MS;
    }
    for (const [pid, { ppid, ticks: t }] of before) {
      const parent = after.has(pid) ? undefined : after.get(ppid);
      if (parent) byGroup[parent.group] = (byGroup[parent.group] ?? 0) - t * TICK_MS;
    }
    return {
      processMs: Math.round((used.user + used.system) / 1000),
      machineBusyPercent: total > 0 ? Math.round((100 * (now.busy - ticks.busy)) / total) : 0,
      byGroup,
    };
  };
}
