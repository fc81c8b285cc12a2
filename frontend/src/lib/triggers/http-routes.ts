import type { Schemas } from '$lib/api/client';
import { defaultTriggerPath, type Target } from './target';

export type HttpTrigger = Schemas['HttpTrigger'];
export const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
export const AUTH_METHODS = ['none', 'token', 'basic', 'signature'] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

export const AUTH_LABELS: Record<AuthMethod, string> = {
  none: 'None (anyone with the URL)',
  token: 'API token of this instance',
  basic: 'HTTP basic (username and password)',
  signature: 'Signature (HMAC of the body)',
};

type Signature = NonNullable<HttpTrigger['signature']>;

/** What the route form edits. Secrets start empty: the server never sends them back. */
export interface RouteDraft {
  path: string;
  route_path: string;
  http_method: (typeof METHODS)[number];
  is_async: boolean;
  authentication_method: AuthMethod;
  summary: string;
  basic_username: string;
  /** Empty on edit keeps the stored password. */
  basic_password: string;
  signature_header: string;
  signature_algorithm: 'sha256' | 'sha1' | 'sha512';
  signature_prefix: string;
  signature_encoding: 'hex' | 'base64';
  /** Empty on edit keeps the stored secret. */
  signature_secret: string;
  /** The scheme's other settings (Stripe's, Slack's timestamps), kept as they are. */
  signature_rest: Partial<Signature>;
  /** Whether the route already has a password or secret (the form says "leave empty to keep"). */
  has_secret: boolean;
}

/** A new route: POST, sync, the GitHub-style signature settings ready if chosen. */
export function newRouteDraft(target: Target): RouteDraft {
  const name = target.path.split('/').at(-1) ?? 'hook';
  return {
    path: defaultTriggerPath(target.path, 'http'),
    route_path: name.replace(/[^A-Za-z0-9._~-]/g, '-'),
    http_method: 'post',
    is_async: false,
    authentication_method: 'none',
    summary: '',
    basic_username: '',
    basic_password: '',
    signature_header: 'X-Hub-Signature-256',
    signature_algorithm: 'sha256',
    signature_prefix: 'sha256=',
    signature_encoding: 'hex',
    signature_secret: '',
    signature_rest: {},
    has_secret: false,
  };
}

export function draftOf(t: HttpTrigger): RouteDraft {
  const {
    header,
    algorithm,
    prefix,
    encoding,
    secret: _secret,
    ...rest
  } = (t.signature ?? {}) as Signature & {
    secret?: string;
  };
  const auth = (t.authentication_method ?? 'none') as AuthMethod;
  return {
    path: t.path,
    route_path: t.route_path,
    http_method: t.http_method,
    is_async: t.is_async,
    authentication_method: auth,
    summary: t.summary ?? '',
    basic_username: t.basic?.username ?? '',
    basic_password: '',
    signature_header: header ?? 'X-Hub-Signature-256',
    signature_algorithm: algorithm ?? 'sha256',
    // A route without a scheme yet starts from GitHub's, like a new one.
    signature_prefix: prefix ?? (t.signature ? '' : 'sha256='),
    signature_encoding: encoding ?? 'hex',
    signature_secret: '',
    signature_rest: rest,
    has_secret: auth === 'basic' || auth === 'signature',
  };
}

/** The create/update body. A password or secret left empty is left out, which keeps the stored one. */
export function routeBody(draft: RouteDraft, target: Target) {
  const auth = draft.authentication_method;
  return {
    path: draft.path.trim(),
    route_path: draft.route_path.trim().replace(/^\/+/, ''),
    http_method: draft.http_method,
    script_path: target.path,
    is_flow: target.isFlow,
    is_async: draft.is_async,
    authentication_method: auth,
    summary: draft.summary,
    basic:
      auth === 'basic'
        ? { username: draft.basic_username, ...(draft.basic_password ? { password: draft.basic_password } : {}) }
        : null,
    signature:
      auth === 'signature'
        ? {
            ...draft.signature_rest,
            header: draft.signature_header.trim(),
            algorithm: draft.signature_algorithm,
            encoding: draft.signature_encoding,
            ...(draft.signature_prefix ? { prefix: draft.signature_prefix } : {}),
            ...(draft.signature_secret ? { secret: draft.signature_secret } : {}),
          }
        : null,
  };
}

/** Where a route is served (docs/adr/0011-workspace-routes.md): under its workspace's prefix. */
export function routePrefix(workspace: string): string {
  return `/api/r/${encodeURIComponent(workspace)}/`;
}
