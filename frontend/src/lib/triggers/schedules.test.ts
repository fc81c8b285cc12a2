import { describe, expect, it } from 'vitest';
import { formatInZone, newScheduleDraft, scheduleBody } from './schedules';

describe('schedules', () => {
  it('shows an instant on the clock of the chosen zone', () => {
    expect(formatInZone('2025-03-31T07:00:00.000Z', 'Europe/Paris')).toBe('Mon, 31 Mar 2025, 09:00:00');
    expect(formatInZone('2025-03-31T07:00:00.000Z', 'America/New_York')).toBe('Mon, 31 Mar 2025, 03:00:00');
    expect(formatInZone('2025-03-31T07:00:00.000Z', 'Nowhere/Else')).toBe('Mon, 31 Mar 2025, 07:00:00 UTC');
  });

  it('sends the target and the form args with the draft', () => {
    const target = { path: 'f/tools/greet', isFlow: false };
    const draft = { ...newScheduleDraft(target, 'Europe/Paris'), schedule: ' */5 * * * * * ' };
    expect(draft.path).toBe('f/tools/greet_schedule');
    expect(scheduleBody(draft, target, { name: 'Ada' })).toEqual({
      path: 'f/tools/greet_schedule',
      schedule: '*/5 * * * * *',
      timezone: 'Europe/Paris',
      script_path: 'f/tools/greet',
      is_flow: false,
      args: { name: 'Ada' },
      enabled: true,
      summary: null,
    });
  });
});
