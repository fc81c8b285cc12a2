import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHarness, type Harness } from './harness.js';

describe('schedules/preview', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h?.close();
  });

  const preview = (query: Record<string, string>) =>
    h.api(`/api/w/main/schedules/preview?${new URLSearchParams(query).toString()}`);

  it('describes the expression and lists its next fire times in order, after now', async () => {
    const before = Date.now();
    const res = await preview({ schedule: '0 9 * * 1-5', timezone: 'Europe/Paris' });
    assert.equal(res.status, 200, await res.clone().text());
    const body = (await res.json()) as { description: string; next: string[]; timezone: string };
    assert.equal(body.description, 'At 09:00, Monday through Friday (Europe/Paris)');
    assert.equal(body.timezone, 'Europe/Paris');
    assert.equal(body.next.length, 5);
    const times = body.next.map((t) => new Date(t));
    assert.ok(times[0]!.getTime() > before);
    for (let i = 1; i < times.length; i++) assert.ok(times[i]! > times[i - 1]!);
    const paris = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Paris',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
    });
    for (const t of times) assert.match(paris.format(t), /^(Mon|Tue|Wed|Thu|Fri) 09:00$/);
  });

  it('takes a count and a seconds field', async () => {
    const res = await preview({ schedule: '*/10 * * * * *', timezone: 'UTC', count: '3' });
    const body = (await res.json()) as { description: string; next: string[] };
    assert.equal(body.description, 'Every 10 seconds (UTC)');
    const gaps = body.next.slice(1).map((t, i) => new Date(t).getTime() - new Date(body.next[i]!).getTime());
    assert.deepEqual(gaps, [10_000, 10_000]);
  });

  it('answers 400 saying what to fix, as create does', async () => {
    for (const [query, why] of [
      [{ schedule: 'every day', timezone: 'UTC' }, /schedule "every day" is not a valid cron expression/],
      [{ schedule: '* * * * *', timezone: 'Paris' }, /timezone "Paris" is not an IANA time zone name/],
      [{ schedule: '* * * * *', timezone: 'UTC', count: '100' }, /count must be an integer from 1 to 20/],
      [{ timezone: 'UTC' }, /schedule is required/],
      [{ schedule: '* * * * *' }, /timezone is required/],
    ] as const) {
      const res = await preview(query);
      assert.equal(res.status, 400, JSON.stringify(query));
      assert.match(((await res.json()) as { error: { message: string } }).error.message, why);
    }
  });

  it('needs a member of the workspace', async () => {
    const res = await h.api('/api/w/main/schedules/preview?schedule=*+*+*+*+*&timezone=UTC', { token: null });
    assert.equal(res.status, 401);
  });
});
