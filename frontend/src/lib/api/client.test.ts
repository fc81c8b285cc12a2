import { describe, expect, it } from 'vitest';
import { loginUrl, messageOf, signInRedirect } from './client';

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

describe('signInRedirect', () => {
  it('sends a page whose session expired (any API call answers 401) to sign-in, then back', () => {
    expect(signInRedirect(401, '/api/w/main/jobs/list', '/runs?status=failed')).toBe(
      '/login?next=%2Fruns%3Fstatus%3Dfailed',
    );
  });
  it('stays on other answers, on routes whose 401 the page explains itself, and on the sign-in page', () => {
    expect(signInRedirect(403, '/api/w/main/jobs/list', '/runs')).toBeNull();
    expect(signInRedirect(401, '/api/auth/session', '/login')).toBeNull();
    expect(signInRedirect(401, '/api/auth/whoami', '/runs')).toBeNull();
    expect(signInRedirect(401, '/api/w/main/jobs_u/approval/x/y/z', '/approve/main/x/y/z')).toBeNull();
    expect(signInRedirect(401, '/api/w/main/jobs/list', '/login?next=%2Fruns')).toBeNull();
  });
});
