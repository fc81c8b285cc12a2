import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { draftOf, newRouteDraft, routeBody, type HttpTrigger } from './http-routes';
import { parseHeaderLines, prettyBody, signBody } from './test-request';

const target = { path: 'f/tools/greet', isFlow: false };

describe('HTTP route drafts', () => {
  it('sends a secret only when one is typed, so an edit keeps the stored one', () => {
    const stored = {
      path: 'f/tools/greet_route',
      route_path: 'hooks/:id',
      http_method: 'post',
      script_path: 'f/tools/greet',
      is_flow: false,
      is_async: true,
      authentication_method: 'signature',
      signature: { header: 'Stripe-Signature', algorithm: 'sha256', signature_key: 'v1', timestamp_key: 't' },
      url_path: '/api/r/main/hooks/:id',
      workspace_id: 'main',
    } as HttpTrigger;
    const draft = draftOf(stored);
    expect(draft.signature_secret).toBe('');
    const body = routeBody(draft, target);
    expect(body.signature).toEqual({
      header: 'Stripe-Signature',
      algorithm: 'sha256',
      encoding: 'hex',
      signature_key: 'v1',
      timestamp_key: 't',
    });
    expect(routeBody({ ...draft, signature_secret: 's3cret' }, target).signature).toHaveProperty('secret', 's3cret');
  });

  it('leaves out the other schemes and a leading slash', () => {
    const body = routeBody({ ...newRouteDraft(target), route_path: '/greet/:name' }, target);
    expect(body).toMatchObject({
      route_path: 'greet/:name',
      basic: null,
      signature: null,
      authentication_method: 'none',
    });
  });
});

describe('test requests', () => {
  it('reads header lines and refuses one without a colon', () => {
    expect(parseHeaderLines('X-A: 1\n\nAuthorization: Bearer a:b')).toEqual([
      ['X-A', '1'],
      ['Authorization', 'Bearer a:b'],
    ]);
    expect(parseHeaderLines('X-A 1')).toEqual({ error: 'line 1: write each header as "Name: value"' });
  });

  it('indents a JSON body and leaves others as they came', () => {
    expect(prettyBody('{"a":1}', 'application/json; charset=utf-8')).toBe('{\n  "a": 1\n}');
    expect(prettyBody('{"a":1}', 'text/plain')).toBe('{"a":1}');
  });
});

describe('signing a test request', () => {
  it('signs the body as the server checks it (node:crypto is the reference)', async () => {
    const body = '{"name":"Ada"}';
    const expected = createHmac('sha256', 'k3y').update(body).digest('hex');
    expect(await signBody(body, 'k3y', { header: 'X-Hub-Signature-256', algorithm: 'sha256', prefix: 'sha256=' })).toBe(
      `sha256=${expected}`,
    );
    const base64 = createHmac('sha512', 'k3y').update(body).digest('base64');
    expect(await signBody(body, 'k3y', { header: 'X-Sig', algorithm: 'sha512', encoding: 'base64' })).toBe(base64);
  });
});
