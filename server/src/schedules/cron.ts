import { Cron } from 'croner';
import { badRequest } from '../common/errors.js';

/** The most missed ticks a `catch_up` schedule runs after downtime; older ones are skipped. */
export const CATCH_UP_LIMIT = 100;

/**
 * A tick started this late or later counts as missed: skipped, unless the schedule asks for
 * catch-up. Below it, a tick is merely late (a busy event loop, a replica restarting) and runs.
 */
export const MISFIRE_MS = 5_000;

/** Checks an IANA time zone name; throws a 400 that says what is wrong. */
export function checkTimezone(timezone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
  } catch {
    throw badRequest(
      `timezone "${timezone}" is not an IANA time zone name (for example "UTC", "Europe/Paris", "America/New_York")`,
    );
  }
}

/**
 * Parses a cron expression of 5 fields (minute precision) or 6 (with seconds first) in a time
 * zone. DST follows croner's rules: a fixed-time tick (`0 30 2 * * *`) that falls in a spring-
 * forward gap runs at the first instant after the gap, and once on a fall-back day; an interval
 * tick (`0 *\/30 * * * *`) skips times in the gap and runs on both occurrences of a repeated time.
 */
export function parseCron(schedule: string, timezone: string): Cron {
  checkTimezone(timezone);
  try {
    const cron = new Cron(schedule.trim(), { timezone, mode: '5-or-6-parts', paused: true });
    if (!cron.nextRun(new Date())) throw new Error('it never fires again');
    return cron;
  } catch (err) {
    const why = (err as Error).message.replace(/^Cron(Pattern|Date)?: /, '');
    throw badRequest(
      `schedule "${schedule}" is not a valid cron expression: ${why} ` +
        '(use 6 fields "second minute hour day-of-month month day-of-week", or 5 without seconds)',
    );
  }
}

/** The first tick strictly after `after`, or null when there is none. */
export function nextTick(cron: Cron, after: Date): Date | null {
  return cron.nextRun(after);
}

/** What a scheduler pass does with one schedule whose `next_fire_at` has come. */
export interface DuePlan {
  /** Ticks to start now, oldest first. */
  run: Date[];
  /** Whether due ticks were skipped (missed without catch-up, or beyond the catch-up limit). */
  skipped: boolean;
  /** The new `next_fire_at`: the first tick after `now`, null when the expression never fires again. */
  next: Date | null;
}

/**
 * The ticks from `due` (the stored `next_fire_at`) up to `now` that run. A tick late by less
 * than MISFIRE_MS runs; later ones are missed: skipped, or with `catchUp` run, at most
 * CATCH_UP_LIMIT of them (the most recent). Never walks the whole outage tick by tick: a
 * seconds-level schedule down for a day has 86 400 ticks.
 */
export function planDue(cron: Cron, due: Date, now: Date, catchUp: boolean): DuePlan {
  const next = nextTick(cron, now);
  if (catchUp) {
    // previousRuns is exclusive of its reference and newest first.
    const recent = cron.previousRuns(CATCH_UP_LIMIT, new Date(now.getTime() + 1));
    const run = recent.filter((t) => t.getTime() >= due.getTime()).reverse();
    const skipped = run.length === CATCH_UP_LIMIT && run[0]!.getTime() > due.getTime();
    return { run, skipped, next };
  }
  const start = Math.max(due.getTime(), now.getTime() - MISFIRE_MS + 1);
  const run: Date[] = [];
  for (let t = nextTick(cron, new Date(start - 1)); t && t.getTime() <= now.getTime(); t = nextTick(cron, t)) {
    run.push(t);
  }
  return { run, skipped: start > due.getTime(), next };
}
