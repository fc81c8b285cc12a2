import cronstrue from 'cronstrue';
import { badRequest } from '../common/errors.js';
import { nextTick, parseCron } from './cron.js';

/** The most fire times a preview lists. */
export const PREVIEW_MAX = 20;

export interface CronPreview {
  schedule: string;
  timezone: string;
  /** In words, with the zone: "At 09:00, Monday through Friday (Europe/Paris)". */
  description: string;
  /** The next fire times after `from`, as instants (clients show them in `timezone`). */
  next: string[];
}

/**
 * The expression in words. cronstrue reads the same 5- and 6-field syntax as croner; where it
 * cannot (an extension croner alone knows), the expression itself is the description rather than
 * a refusal: whether it runs is croner's word (parseCron), not cronstrue's.
 */
export function describeCron(schedule: string, timezone: string): string {
  let words: string;
  try {
    words = cronstrue.toString(schedule.trim(), { use24HourTimeFormat: true, throwExceptionOnParseError: true });
  } catch {
    words = schedule.trim();
  }
  return `${words} (${timezone})`;
}

/**
 * What a schedule would do, computed by the scheduler's own cron (parseCron), so that what the app
 * shows is what will run. A bad expression or zone is the same 400 create gives.
 */
export function previewCron(schedule: string, timezone: string, count: number, from = new Date()): CronPreview {
  if (!Number.isInteger(count) || count < 1 || count > PREVIEW_MAX) {
    throw badRequest(`count must be an integer from 1 to ${PREVIEW_MAX}`);
  }
  const cron = parseCron(schedule, timezone);
  const next: string[] = [];
  for (let t = nextTick(cron, from); t && next.length < count; t = nextTick(cron, t)) next.push(t.toISOString());
  return { schedule: schedule.trim(), timezone, description: describeCron(schedule, timezone), next };
}

/** The response schema of previewCron, in the OpenAPI document as `SchedulePreview`. */
export const cronPreviewSchema = {
  type: 'object',
  required: ['schedule', 'timezone', 'description', 'next'],
  properties: {
    schedule: { type: 'string' },
    timezone: { type: 'string' },
    description: { type: 'string', description: 'The expression in words, with its time zone.' },
    next: { type: 'array', items: { type: 'string', format: 'date-time' }, description: 'The next fire times.' },
  },
} as const;
