import { badRequest } from '../common/errors.js';

/** One segment of a route: literal text, or `:name` that captures any one segment. */
export type Segment = { text: string } | { param: string };

const LITERAL = /^[A-Za-z0-9._~!$&'()*+,;=@-]+$/;
const PARAM = /^:([A-Za-z_][A-Za-z0-9_]{0,63})$/;

/**
 * Parses a user's route path (`orders/:id/items`; a leading or trailing `/` is ignored).
 * Throws a 400 that says what to fix.
 */
export function parseRoute(route: string): Segment[] {
  const trimmed = route.replace(/^\/+/, '').replace(/\/+$/, '');
  if (!trimmed) throw badRequest('route_path must not be empty, e.g. "orders/:id"');
  if (trimmed.length > 255) throw badRequest('route_path must be at most 255 characters');
  const names = new Set<string>();
  return trimmed.split('/').map((part) => {
    const param = PARAM.exec(part);
    if (param) {
      if (names.has(param[1]!)) throw badRequest(`route_path uses the parameter ":${param[1]}" twice`);
      names.add(param[1]!);
      return { param: param[1]! };
    }
    if (!part) throw badRequest(`route_path "${route}" has an empty segment ("//")`);
    if (part.startsWith(':')) throw badRequest(`route_path parameter "${part}" must be ":" and a name like ":id"`);
    if (!LITERAL.test(part) || part === '.' || part === '..') {
      throw badRequest(`route_path segment "${part}" may use letters, digits and - . _ ~ only, or be a ":param"`);
    }
    return { text: part };
  });
}

/** The route as users write it, normalized: `orders/:id`. */
export const routeText = (segments: Segment[]) =>
  segments.map((s) => ('param' in s ? `:${s.param}` : s.text)).join('/');

/** The route with parameter names erased: two routes with the same key match the same requests. */
export const routeKey = (segments: Segment[]) => segments.map((s) => ('param' in s ? ':' : s.text)).join('/');

interface Node<T> {
  literal: Map<string, Node<T>>;
  param?: { name: string; node: Node<T> };
  value?: T;
}

const node = <T>(): Node<T> => ({ literal: new Map() });

/**
 * A tree of routes per method. A literal segment is preferred over a parameter at each level
 * (`orders/latest` before `orders/:id`), with backtracking, so matching is deterministic and
 * independent of the order routes were added in.
 */
export class RouteTree<T> {
  private readonly roots = new Map<string, Node<T>>();

  add(method: string, segments: Segment[], value: T): void {
    let at: Node<T> | undefined = this.roots.get(method);
    if (!at) this.roots.set(method, (at = node<T>()));
    for (const s of segments) {
      if ('text' in s) {
        let next: Node<T> | undefined = at.literal.get(s.text);
        if (!next) at.literal.set(s.text, (next = node<T>()));
        at = next;
      } else {
        // Same key, other parameter name: the unique index prevents it; the first one added wins.
        at.param ??= { name: s.param, node: node<T>() };
        at = at.param.node;
      }
    }
    at.value ??= value;
  }

  /** The value and the parameters of the route matching these (decoded) path segments. */
  match(method: string, parts: string[]): { value: T; params: Record<string, string> } | undefined {
    const root = this.roots.get(method);
    if (!root) return undefined;
    const params: Record<string, string> = {};
    const walk = (at: Node<T>, i: number): T | undefined => {
      if (i === parts.length) return at.value;
      const literal = at.literal.get(parts[i]!);
      const found = literal && walk(literal, i + 1);
      if (found !== undefined) return found;
      if (at.param && parts[i] !== '') {
        const value = walk(at.param.node, i + 1);
        if (value !== undefined) {
          params[at.param.name] = parts[i]!;
          return value;
        }
      }
      return undefined;
    };
    const value = walk(root, 0);
    return value === undefined ? undefined : { value, params };
  }
}

/**
 * `/api/r/main/orders/a%20b/?x=1` → `['main', 'orders', 'a b']` (the workspace first); undefined
 * when a segment is not valid percent-encoding.
 */
export function requestSegments(url: string): string[] | undefined {
  const path = url
    .split('?', 1)[0]!
    .replace(/^\/api\/r\/?/, '')
    .replace(/\/+$/, '');
  try {
    return path.split('/').map(decodeURIComponent);
  } catch {
    return undefined;
  }
}
