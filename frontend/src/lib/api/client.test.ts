import { describe, expect, it } from 'vitest';
import { loginUrl, messageOf } from './client';

describe('loginUrl', () => {
  it('keeps where the person was going, encoded', () => {
    expect(loginUrl('/runs/abc?x=1')).toBe('/login?next=%2Fruns%2Fabc%3Fx%3D1');
  });
  it('adds nothing for home or the sign-in page itself', () => {
    expect(loginUrl('/')).toBe('/login');
    expect(loginUrl('/login?next=%2Fruns')).toBe('/login');
  });
});

describe('messageOf', () => {
  it("shows the API's own message", () => {
    expect(messageOf({ error: { code: 'unauthorized', message: 'wrong username or password' } })).toBe(
      'wrong username or password',
    );
  });
  it('names the status when the answer has no message', () => {
    expect(messageOf(undefined, new Response(null, { status: 502, statusText: 'Bad Gateway' }))).toBe(
      'the server answered 502 Bad Gateway',
    );
  });
});
