import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { RateLimiter } from '../common/rate-limiter.js';
import { RouteTree, parseRoute, requestSegments, routeKey, routeText } from './route-pattern.js';
import { checkSignature } from './signature.js';

test('routes: normalized text, a key without parameter names, 400 on malformed ones', () => {
  const r = parseRoute('/orders/:id/items/');
  assert.equal(routeText(r), 'orders/:id/items');
  assert.equal(routeKey(r), 'orders/:/items');
  for (const bad of ['', '/', 'a//b', 'a/:', 'a/:1x', 'a/:x/:x', 'a/../b', 'a/b c', 'a/?x']) {
    assert.throws(() => parseRoute(bad), /route_path/, bad);
  }
});

test('matching prefers a literal to a parameter at each level, and backtracks', () => {
  const tree = new RouteTree<string>();
  tree.add('get', parseRoute('a/:x/b'), 'param-then-b');
  tree.add('get', parseRoute('a/c/:y'), 'c-then-param');
  tree.add('get', parseRoute('a/c'), 'ac');
  tree.add('post', parseRoute(':any'), 'post-any');
  assert.deepEqual(tree.match('get', ['a', 'c', 'z']), { value: 'c-then-param', params: { y: 'z' } });
  assert.deepEqual(tree.match('get', ['a', 'c', 'b']), { value: 'c-then-param', params: { y: 'b' } });
  assert.deepEqual(tree.match('get', ['a', 'q', 'b']), { value: 'param-then-b', params: { x: 'q' } });
  assert.deepEqual(tree.match('get', ['a', 'c']), { value: 'ac', params: {} });
  assert.equal(tree.match('get', ['a']), undefined);
  assert.equal(tree.match('get', ['a', '', 'b']), undefined, 'a parameter is never empty');
  assert.equal(tree.match('put', ['a', 'c']), undefined);
  assert.deepEqual(requestSegments('/api/r/x/a%2Fb/?q=1'), ['x', 'a/b']);
  assert.equal(requestSegments('/api/r/%E0%A4%A'), undefined);
});

test('signatures: Slack (timestamp header, template) and Shopify (base64)', () => {
  const body = Buffer.from('token=x&text=hi');
  const now = 1_700_000_000_000;
  const ts = String(now / 1000);
  const slack = {
    secret: 'sl',
    header: 'X-Slack-Signature',
    algorithm: 'sha256' as const,
    prefix: 'v0=',
    timestamp_header: 'X-Slack-Request-Timestamp',
    signed_payload: 'v0:{timestamp}:{body}',
  };
  const sig = 'v0=' + createHmac('sha256', 'sl').update(`v0:${ts}:`).update(body).digest('hex');
  const headers = { 'x-slack-signature': sig, 'x-slack-request-timestamp': ts };
  assert.equal(checkSignature(slack, headers, body, now), undefined);
  assert.match(checkSignature(slack, headers, body, now + 301_000)!, /tolerance/);
  assert.match(checkSignature(slack, { 'x-slack-signature': sig }, body, now)!, /timestamp/);
  assert.equal(
    checkSignature(slack, { ...headers, 'x-slack-signature': sig.toUpperCase().replace('V0=', 'v0=') }, body, now),
    undefined,
  );

  const shopify = {
    secret: 'sh',
    header: 'X-Shopify-Hmac-Sha256',
    algorithm: 'sha256' as const,
    encoding: 'base64' as const,
  };
  const b64 = createHmac('sha256', 'sh').update(body).digest('base64');
  assert.equal(checkSignature(shopify, { 'x-shopify-hmac-sha256': b64 }, body), undefined);
  assert.match(checkSignature(shopify, { 'x-shopify-hmac-sha256': b64.slice(1) }, body)!, /does not match/);
  assert.match(checkSignature(shopify, {}, body)!, /missing/);
  const sha1 = { secret: 'k', header: 'X-Sig', algorithm: 'sha1' as const, prefix: 'sha1=' };
  const s1 = 'sha1=' + createHmac('sha1', 'k').update(body).digest('hex');
  assert.equal(checkSignature(sha1, { 'x-sig': s1 }, body), undefined);
});

test('rate limiter: a burst of N, then one token every 60/N seconds', () => {
  const limiter = new RateLimiter();
  const t0 = 1_000_000;
  assert.equal(limiter.take('r', 3, t0), 0);
  assert.equal(limiter.take('r', 3, t0), 0);
  assert.equal(limiter.take('r', 3, t0), 0);
  assert.equal(limiter.take('r', 3, t0), 20);
  assert.equal(limiter.take('r', 3, t0 + 10_000), 10);
  assert.equal(limiter.take('r', 3, t0 + 20_000), 0);
  assert.equal(limiter.take('other', 3, t0), 0, 'one bucket per route');
  limiter.retain(new Set());
  assert.equal(limiter.take('r', 3, t0 + 20_000), 0, 'a forgotten route starts full');
});
