import { describe, expect, it } from 'vitest';
import { placeServerError } from './field-errors';

const err = (message: string, details?: unknown) => ({ error: { code: 'bad_request', message, details } });

describe('placeServerError', () => {
  const schedule = ['path', 'schedule', 'timezone'];
  const route = ['path', 'route_path', 'signature.secret', 'basic.password'];

  it("puts a schema error's details on their fields", () => {
    const body = err('invalid request: route_path must NOT have more than 300 characters', [
      { field: 'route_path', message: 'must NOT have more than 300 characters' },
    ]);
    expect(placeServerError(400, body, route)).toEqual({
      route_path: 'route_path must NOT have more than 300 characters',
    });
  });

  it('reads the field a service names first in its message', () => {
    expect(placeServerError(400, err('schedule "x" is not a valid cron expression: …'), schedule)).toEqual({
      schedule: 'schedule "x" is not a valid cron expression: …',
    });
    expect(placeServerError(400, err('timezone "Paris" is not an IANA time zone name'), schedule)).toHaveProperty(
      'timezone',
    );
    expect(placeServerError(400, err('signature.secret is required'), route)).toHaveProperty('signature.secret');
    expect(placeServerError(400, err('invalid path "x": use f/<folder>/<name>'), route)).toHaveProperty('path');
    const nats = ['path', 'subjects'];
    expect(placeServerError(400, err('subjects "a.*" and "a.b" overlap'), nats)).toHaveProperty('subjects');
    expect(placeServerError(400, err('subject "$SYS.x" starts with $'), nats)).toHaveProperty('subjects');
  });

  it('puts a conflict on the path, or on the route when the route is taken', () => {
    expect(placeServerError(409, err('schedule "f/a/b" already exists in workspace "main"'), schedule)).toHaveProperty(
      'path',
    );
    expect(placeServerError(409, err('route GET /api/r/main/x is taken by trigger "f/a/b"'), route)).toHaveProperty(
      'route_path',
    );
  });

  it('keeps what names no field of the form above it', () => {
    expect(placeServerError(400, err('script_path: script "f/x" not found'), schedule)).toEqual({
      '': 'script_path: script "f/x" not found',
    });
    expect(placeServerError(500, null, schedule)).toEqual({ '': 'the server answered 500' });
  });
});
