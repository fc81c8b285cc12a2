import { readFileSync } from 'node:fs';

/** CPU spent during a measured phase: by this process (server, worker and client) and by the whole machine. */
export interface CpuUse {
  /** CPU time of this Node process (user + system), ms. */
  processMs: number;
  /** Share of all cores busy during the phase, 0–100 (from /proc/stat). */
  machineBusyPercent: number;
}

function machineTicks(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((s, v) => s + v, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0); // idle + iowait
  return { busy: total - idle, total };
}

/** Starts measuring; the returned function stops and reports. */
export function cpuMeter(): () => CpuUse {
  const usage = process.cpuUsage();
  const ticks = machineTicks();
  return () => {
    const used = process.cpuUsage(usage);
    const now = machineTicks();
    const total = now.total - ticks.total;
    return {
      processMs: Math.round((used.user + used.system) / 1000),
      machineBusyPercent: total > 0 ? Math.round((100 * (now.busy - ticks.busy)) / total) : 0,
    };
  };
}
