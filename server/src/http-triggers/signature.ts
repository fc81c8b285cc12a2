import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How a route checks an HMAC signature of the raw body. The defaults fit GitHub
 * (`X-Hub-Signature-256: sha256=<hex>`: header, algorithm sha256, prefix `sha256=`); the
 * optional fields express the schemes that sign a timestamp too:
 *
 * - Stripe (`Stripe-Signature: t=1700000000,v1=<hex>`): `signature_key: "v1"`,
 *   `timestamp_key: "t"`, `signed_payload: "{timestamp}.{body}"`.
 * - Slack (`X-Slack-Signature: v0=<hex>`, `X-Slack-Request-Timestamp`): `prefix: "v0="`,
 *   `timestamp_header: "x-slack-request-timestamp"`, `signed_payload: "v0:{timestamp}:{body}"`.
 * - Shopify (`X-Shopify-Hmac-Sha256: <base64>`): `encoding: "base64"`.
 */
export interface SignatureConfig {
  secret: string;
  /** The request header that carries the signature. */
  header: string;
  algorithm: 'sha256' | 'sha1' | 'sha512';
  /** Text before the signature in the header (`sha256=`); the header must start with it. Default none. */
  prefix?: string;
  /** How the digest is written. Default hex (compared case-insensitively). */
  encoding?: 'hex' | 'base64';
  /** The header is a list of `key=value` pairs (`t=…,v1=…`); signatures are the values of this key. */
  signature_key?: string;
  /** With signature_key: the key of the timestamp in the same list. */
  timestamp_key?: string;
  /** Or a header of its own carrying the timestamp (Unix seconds). */
  timestamp_header?: string;
  /** What is signed: `{body}` is the raw body, `{timestamp}` the timestamp. Default `{body}`. */
  signed_payload?: string;
  /** Largest difference in seconds between a signed timestamp and now, against replays. Default 300; 0: unchecked. */
  tolerance_s?: number;
}

/**
 * A request header's (first) value. Own properties only: a scheme may name any header, and one
 * named `constructor` must be missing, not Object.prototype's.
 */
function headerOf(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const key = name.toLowerCase();
  const raw = Object.hasOwn(headers, key) ? headers[key] : undefined;
  return Array.isArray(raw) ? raw[0] : raw;
}

/** Checks a request's signature; returns why it is refused, or undefined when it is valid. */
export function checkSignature(
  cfg: SignatureConfig,
  headers: Record<string, string | string[] | undefined>,
  body: Buffer,
  nowMs = Date.now(),
): string | undefined {
  const value = headerOf(headers, cfg.header);
  if (!value) return `missing signature header ${cfg.header}`;

  let candidates: string[];
  let timestamp: string | undefined;
  if (cfg.signature_key) {
    const pairs = value.split(',').map((p) => {
      const at = p.indexOf('=');
      return at < 0 ? ['', ''] : [p.slice(0, at).trim(), p.slice(at + 1).trim()];
    });
    candidates = pairs.filter(([k]) => k === cfg.signature_key).map(([, v]) => v!);
    if (cfg.timestamp_key) timestamp = pairs.find(([k]) => k === cfg.timestamp_key)?.[1];
  } else {
    candidates = [value.trim()];
  }
  if (cfg.prefix) {
    candidates = candidates.filter((c) => c.startsWith(cfg.prefix!)).map((c) => c.slice(cfg.prefix!.length));
  }
  if (!candidates.length) return `signature header ${cfg.header} has no signature in the expected form`;

  if (cfg.timestamp_header) timestamp = headerOf(headers, cfg.timestamp_header);
  const template = cfg.signed_payload ?? '{body}';
  if (timestamp !== undefined || template.includes('{timestamp}')) {
    if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return 'missing or malformed signature timestamp';
    const tolerance = cfg.tolerance_s ?? 300;
    if (tolerance > 0 && Math.abs(nowMs / 1000 - Number(timestamp)) > tolerance) {
      return 'signature timestamp is outside the tolerance (a replay?)';
    }
  }

  const hmac = createHmac(cfg.algorithm, cfg.secret);
  // The body is hashed as bytes, never re-encoded: the template's text goes around it.
  const pieces = template.split('{body}');
  pieces.forEach((piece, i) => {
    hmac.update(piece.replaceAll('{timestamp}', timestamp ?? ''), 'utf8');
    if (i < pieces.length - 1) hmac.update(body);
  });
  const expected = hmac.digest();
  const encoding = cfg.encoding ?? 'hex';
  const valid = candidates.some((c) => {
    const wellFormed = encoding === 'hex' ? /^[0-9a-fA-F]+$/.test(c) : /^[A-Za-z0-9+/_-]+=*$/.test(c);
    if (!wellFormed) return false;
    const given = Buffer.from(c, encoding);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return valid ? undefined : 'signature does not match';
}
