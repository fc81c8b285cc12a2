import { badRequest, forbidden } from '../common/errors.js';

/**
 * Scopes a token may carry. Runnel knows Windmill's webhook-specific scopes: `run:script/<path>`
 * and `run:flow/<path>` limit a token to running that script or flow (by path, or by a hash of
 * that script) through `jobs/run…` and `jobs/run_wait_result…`. A token without scopes has the
 * full rights of its user.
 */
export interface RunGrant {
  kind: 'script' | 'flow';
  path: string;
}

const SCOPE = /^run:(script|flow)\/(.+)$/;
const PATH = /^[fu]\/[A-Za-z0-9_-]{1,100}(\/[A-Za-z0-9_.-]{1,100})+$/;

/** Parses scopes given at token creation; an unknown or malformed one is a 400 that says what is accepted. */
export function parseScopes(scopes: readonly string[]): RunGrant[] {
  return scopes.map((scope) => {
    const match = SCOPE.exec(scope);
    if (!match) {
      throw badRequest(
        `unknown scope "${scope}": Runnel knows run:script/<path> and run:flow/<path> (a token limited to running one path); leave scopes out for a token with your full rights`,
      );
    }
    const path = match[2]!;
    if (!PATH.test(path) || path.split('/').some((part) => part === '.' || part === '..')) {
      throw badRequest(`scope "${scope}": "${path}" is not a path; use f/<folder>/<name> or u/<user>/<name>`);
    }
    return { kind: match[1] as RunGrant['kind'], path };
  });
}

/** The run grants among stored scopes; empty means the token is not limited. */
export function runGrants(scopes: readonly string[] | null | undefined): RunGrant[] {
  const grants: RunGrant[] = [];
  for (const scope of scopes ?? []) {
    const match = SCOPE.exec(scope);
    if (match) grants.push({ kind: match[1] as RunGrant['kind'], path: match[2]! });
  }
  return grants;
}

/** What a run route is about to run: a script by path or hash (resolved to its path), or a flow by path. */
export interface RunTarget {
  kind: 'script' | 'flow';
  path: string;
}

/**
 * Throws 403 unless one of the grants covers the target. `target` is null for every route that
 * is not a run route: a limited token may call nothing else. HTTP triggers and GraphQL that
 * authenticate a token themselves should call this too.
 */
export function assertRunAllowed(grants: readonly RunGrant[], target: RunTarget | null): void {
  if (!grants.length) return;
  if (target && grants.some((g) => g.kind === target.kind && g.path === target.path)) return;
  const allowed = grants.map((g) => `${g.kind} ${g.path}`).join(', ');
  const asked = target ? `; it cannot run ${target.kind} ${target.path}` : '';
  throw forbidden(`this token is limited to running ${allowed} (jobs/run and jobs/run_wait_result only)${asked}`);
}

/**
 * Recognizes run routes by their registered pattern (Windmill's URL shapes, fixed by the API):
 * `/api/w/:workspace/jobs/run/p/*`, `…/run_wait_result/h/:hash`, `…/run/f/*`, for any method.
 */
const RUN_ROUTE = /^\/api\/w\/:workspace\/jobs\/(?:run|run_wait_result)\/([phf])\/(?:\*|:(\w+))$/;

export type RunRoute = { kind: 'script' | 'flow'; path: string } | { kind: 'script'; hash: string };

export function runRouteOf(pattern: string | undefined, params: Record<string, string> | undefined): RunRoute | null {
  const match = pattern ? RUN_ROUTE.exec(pattern) : null;
  if (!match || !params) return null;
  const value = match[2] ? params[match[2]] : params['*'];
  if (typeof value !== 'string') return null;
  if (match[1] === 'h') return { kind: 'script', hash: value };
  return { kind: match[1] === 'f' ? 'flow' : 'script', path: value };
}
