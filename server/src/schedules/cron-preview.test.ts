import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RunnelError } from '../common/errors.js';
import { describeCron, previewCron } from './cron-preview.js';

describe('cron previews', () => {
  it('describes an expression in words with its zone', () => {
    assert.equal(describeCron('0 9 * * 1-5', 'Europe/Paris'), 'At 09:00, Monday through Friday (Europe/Paris)');
    assert.equal(describeCron('*/5 * * * * *', 'UTC'), 'Every 5 seconds (UTC)');
  });

  it('lists the next fire times in the zone, as the scheduler computes them', () => {
    // Friday 2025-03-28 12:00 UTC; weekdays at 09:00 in Paris (UTC+1, then UTC+2 from Sunday 30 March).
    const preview = previewCron('0 9 * * 1-5', 'Europe/Paris', 5, new Date('2025-03-28T12:00:00Z'));
    assert.deepEqual(preview.next, [
      '2025-03-31T07:00:00.000Z',
      '2025-04-01T07:00:00.000Z',
      '2025-04-02T07:00:00.000Z',
      '2025-04-03T07:00:00.000Z',
      '2025-04-04T07:00:00.000Z',
    ]);
    assert.equal(preview.schedule, '0 9 * * 1-5');
  });

  it('refuses a bad expression, zone or count with a 400', () => {
    for (const [schedule, zone, count, why] of [
      ['61 * * * *', 'UTC', 5, /not a valid cron expression/],
      ['* * * * *', 'Mars/Olympus', 5, /not an IANA time zone/],
      ['* * * * *', 'UTC', 0, /count must be an integer from 1 to 20/],
    ] as const) {
      assert.throws(
        () => previewCron(schedule, zone, count),
        (err: unknown) => err instanceof RunnelError && why.test(err.message),
      );
    }
  });
});
