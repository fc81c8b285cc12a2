import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RunnelError } from '../common/errors.js';
import { CATCH_UP_LIMIT, MISFIRE_MS, nextTick, parseCron, planDue } from './cron.js';

/** The next `n` ticks after `from`, as ISO strings in UTC. */
function ticks(schedule: string, timezone: string, from: string, n: number): string[] {
  const cron = parseCron(schedule, timezone);
  const out: string[] = [];
  let t: Date | null = new Date(from);
  for (let i = 0; i < n && t; i++) {
    t = nextTick(cron, t);
    if (t) out.push(t.toISOString());
  }
  return out;
}

describe('cron expressions and time zones', () => {
  it('reads 6 fields with seconds, and 5 fields as seconds 0', () => {
    assert.deepEqual(ticks('*/20 * * * * *', 'UTC', '2025-01-01T00:00:00Z', 3), [
      '2025-01-01T00:00:20.000Z',
      '2025-01-01T00:00:40.000Z',
      '2025-01-01T00:01:00.000Z',
    ]);
    assert.deepEqual(ticks('15 10 * * *', 'America/New_York', '2025-01-01T00:00:00Z', 1), ['2025-01-01T15:15:00.000Z']);
  });

  it('Europe/Paris spring forward: 02:30 does not exist on 2025-03-30, the tick runs once at 03:00', () => {
    assert.deepEqual(ticks('0 30 2 * * *', 'Europe/Paris', '2025-03-28T12:00:00Z', 3), [
      '2025-03-29T01:30:00.000Z', // 02:30 CET (UTC+1)
      '2025-03-30T01:00:00.000Z', // 03:00 CEST, the first instant after the gap
      '2025-03-31T00:30:00.000Z', // 02:30 CEST (UTC+2)
    ]);
  });

  it('Europe/Paris fall back: 02:30 happens twice on 2025-10-26, the tick runs once', () => {
    assert.deepEqual(ticks('0 30 2 * * *', 'Europe/Paris', '2025-10-25T12:00:00Z', 2), [
      '2025-10-26T00:30:00.000Z', // the first 02:30 (CEST), not the second (01:30Z)
      '2025-10-27T01:30:00.000Z', // 02:30 CET
    ]);
  });

  it('an interval schedule skips the spring gap and runs on both occurrences of a repeated time', () => {
    assert.deepEqual(ticks('0 */30 * * * *', 'Europe/Paris', '2025-03-30T00:00:00Z', 3), [
      '2025-03-30T00:30:00.000Z', // 01:30 CET
      '2025-03-30T01:00:00.000Z', // 03:00 CEST: 02:00 and 02:30 never happen
      '2025-03-30T01:30:00.000Z',
    ]);
    assert.deepEqual(ticks('0 */30 * * * *', 'Europe/Paris', '2025-10-26T00:00:00Z', 4), [
      '2025-10-26T00:30:00.000Z', // 02:30 CEST
      '2025-10-26T01:00:00.000Z', // 02:00 CET
      '2025-10-26T01:30:00.000Z', // 02:30 CET
      '2025-10-26T02:00:00.000Z', // 03:00 CET
    ]);
  });

  it('rejects a bad expression or time zone with a 400 that says why', () => {
    const why = (schedule: string, tz = 'UTC') => {
      try {
        parseCron(schedule, tz);
      } catch (err) {
        assert.ok(err instanceof RunnelError);
        assert.equal(err.code, 'bad_request');
        return err.message;
      }
      assert.fail(`"${schedule}" in ${tz} was accepted`);
    };
    assert.match(why('* * *'), /not a valid cron expression.*five, six, or seven/);
    assert.match(why('61 * * * *'), /Invalid value for minute: 61/);
    assert.match(why('0 0 0 * * * 2030'), /5 or 6 parts/);
    assert.match(why('* * * * *', 'Mars/Olympus'), /timezone "Mars\/Olympus" is not an IANA time zone/);
  });
});

describe('due ticks after a pause', () => {
  const everySecond = parseCron('* * * * * *', 'UTC');
  const now = new Date('2025-01-01T12:00:00.300Z');

  it('runs ticks that are merely late, all of them', () => {
    const plan = planDue(everySecond, new Date('2025-01-01T11:59:58Z'), now, false);
    assert.deepEqual(
      plan.run.map((d) => d.toISOString()),
      ['2025-01-01T11:59:58.000Z', '2025-01-01T11:59:59.000Z', '2025-01-01T12:00:00.000Z'],
    );
    assert.equal(plan.skipped, false);
    assert.equal(plan.next?.toISOString(), '2025-01-01T12:00:01.000Z');
  });

  it('skips missed ticks (late by MISFIRE_MS or more) without catch-up', () => {
    const plan = planDue(everySecond, new Date('2025-01-01T10:00:00Z'), now, false);
    assert.equal(plan.run.length, MISFIRE_MS / 1000);
    assert.equal(plan.run[0]!.toISOString(), '2025-01-01T11:59:56.000Z');
    assert.equal(plan.skipped, true);
    assert.equal(plan.next?.toISOString(), '2025-01-01T12:00:01.000Z');
    const hourly = parseCron('0 0 * * * *', 'UTC');
    const missed = planDue(hourly, new Date('2025-01-01T09:00:00Z'), new Date('2025-01-01T11:30:00Z'), false);
    assert.deepEqual(missed.run, []);
    assert.equal(missed.next?.toISOString(), '2025-01-01T12:00:00.000Z');
  });

  it('with catch-up runs each missed tick once, at most CATCH_UP_LIMIT, the most recent', () => {
    const hourly = parseCron('0 0 * * * *', 'UTC');
    const plan = planDue(hourly, new Date('2025-01-01T09:00:00Z'), new Date('2025-01-01T11:30:00Z'), true);
    assert.deepEqual(
      plan.run.map((d) => d.toISOString()),
      ['2025-01-01T09:00:00.000Z', '2025-01-01T10:00:00.000Z', '2025-01-01T11:00:00.000Z'],
    );
    assert.equal(plan.skipped, false);
    const long = planDue(everySecond, new Date('2025-01-01T00:00:00Z'), now, true);
    assert.equal(long.run.length, CATCH_UP_LIMIT);
    assert.equal(long.run.at(-1)!.toISOString(), '2025-01-01T12:00:00.000Z');
    assert.equal(long.skipped, true);
  });
});
