import type { Access } from '../auth/path-access.js';
import { requireTriggerTarget } from '../flows/trigger-target.js';
import { withAudit, type Actor } from '../audit/audit-log.js';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { hashPassword } from '../auth/auth.service.js';
import { ErrorCode, RunnelError, badRequest, notFound } from '../common/errors.js';
import { FlowsService } from '../flows/flows.service.js';
import { ScriptsService, assertScriptPath } from '../scripts/scripts.service.js';
import { parseRoute, routeKey, routeText } from './route-pattern.js';
import { RouteTable } from './route-table.js';
import {
  AUTH_METHODS,
  HTTP_METHODS,
  type AuthMethod,
  type HttpTriggerRow,
  type StoredSignature,
} from './http-trigger-row.js';
import { RouteSecrets } from './route-secrets.js';
import type { SignatureConfig } from './signature.js';
import { deleteOwnedRow } from '../common/owned-rows.js';

/** A create or update body, checked against triggerSchema by the controller. */
export interface TriggerInput {
  path: string;
  route_path: string;
  http_method: string;
  script_path: string;
  is_flow?: boolean;
  is_async?: boolean;
  request_type?: 'sync' | 'async';
  authentication_method: string;
  signature?: Partial<SignatureConfig> | null;
  basic?: { username: string; password?: string } | null;
  rate_limit_per_minute?: number | null;
  workspaced_route?: boolean;
  summary?: string;
  description?: string;
}

const HEADER = { type: 'string', pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$" };

/** Unknown fields are ignored: Windmill's clients send some this server has no use for. */
export const triggerSchema = {
  type: 'object',
  required: ['path', 'route_path', 'http_method', 'script_path', 'authentication_method'],
  properties: {
    path: { type: 'string' },
    route_path: { type: 'string', maxLength: 300 },
    http_method: { type: 'string', enum: [...HTTP_METHODS, ...HTTP_METHODS.map((m) => m.toUpperCase())] },
    script_path: { type: 'string' },
    is_flow: { type: 'boolean' },
    is_async: { type: 'boolean' },
    request_type: { type: 'string', enum: ['sync', 'async'] },
    // `windmill` is Windmill's name for authentication by a token of the instance.
    authentication_method: { type: 'string', enum: [...AUTH_METHODS, 'windmill'] },
    signature: {
      type: ['object', 'null'],
      required: ['header', 'algorithm'],
      properties: {
        secret: { type: 'string', minLength: 1, maxLength: 1024 },
        header: HEADER,
        algorithm: { type: 'string', enum: ['sha256', 'sha1', 'sha512'] },
        prefix: { type: 'string', maxLength: 100 },
        encoding: { type: 'string', enum: ['hex', 'base64'] },
        signature_key: { type: 'string', minLength: 1, maxLength: 100 },
        timestamp_key: { type: 'string', minLength: 1, maxLength: 100 },
        timestamp_header: HEADER,
        signed_payload: { type: 'string', pattern: '\\{body\\}', maxLength: 200 },
        tolerance_s: { type: 'integer', minimum: 0, maximum: 31_536_000 },
      },
      additionalProperties: false,
    },
    basic: {
      type: ['object', 'null'],
      required: ['username'],
      properties: {
        username: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[^:]*$' },
        password: { type: 'string', minLength: 1, maxLength: 1024 },
      },
      additionalProperties: false,
    },
    rate_limit_per_minute: { type: ['integer', 'null'], minimum: 1, maximum: 1_000_000 },
    workspaced_route: {
      type: 'boolean',
      description:
        "Accepted for Windmill's clients and ignored: every route is served under its workspace, " +
        'at /api/r/{workspace}/{route_path} (docs/adr/0011-workspace-routes.md).',
    },
    summary: { type: 'string', maxLength: 1000 },
    description: { type: 'string', maxLength: 10_000 },
  },
} as const;

/** The response schema of triggerView, in the OpenAPI document as `HttpTrigger`. */
export const triggerViewSchema = {
  type: 'object',
  required: ['workspace_id', 'path', 'route_path', 'http_method', 'script_path', 'is_flow', 'is_async', 'url_path'],
  properties: {
    workspace_id: { type: 'string' },
    path: { type: 'string' },
    route_path: { type: 'string' },
    workspaced_route: { type: 'boolean', description: 'Always true: every route is served under its workspace.' },
    http_method: { type: 'string', enum: HTTP_METHODS },
    script_path: { type: 'string' },
    is_flow: { type: 'boolean' },
    is_async: { type: 'boolean' },
    request_type: { type: 'string', enum: ['sync', 'async'] },
    authentication_method: { type: 'string', enum: AUTH_METHODS },
    signature: {
      type: ['object', 'null'],
      description: 'The signature scheme, without its secret.',
      properties: triggerSchema.properties.signature.properties,
    },
    basic: { type: ['object', 'null'], properties: { username: { type: 'string' } } },
    rate_limit_per_minute: { type: ['integer', 'null'] },
    summary: { type: 'string' },
    description: { type: 'string' },
    created_by: { type: 'string' },
    created_at: { type: 'string', format: 'date-time' },
    edited_by: { type: 'string' },
    edited_at: { type: 'string', format: 'date-time' },
    url_path: { type: 'string', description: 'Where the route is served, e.g. /api/r/main/orders/:id.' },
  },
} as const;

/** Where a workspace's route is served; nothing else in the workspace's prefix can answer it. */
export const routeUrl = (workspace: string, route: string) => `/api/r/${workspace}/${route}`;

/** A trigger as the API shows it: secrets stay on the server. */
export function triggerView(row: HttpTriggerRow) {
  const { secret: _secret, ...signature } = row.signature ?? ({} as SignatureConfig);
  return {
    workspace_id: row.workspace_id,
    path: row.path,
    route_path: row.route_path,
    workspaced_route: true,
    http_method: row.http_method,
    script_path: row.script_path,
    is_flow: row.is_flow,
    is_async: row.is_async,
    request_type: row.is_async ? 'async' : 'sync',
    authentication_method: row.authentication_method,
    signature: row.signature ? signature : null,
    basic: row.basic ? { username: row.basic.username } : null,
    rate_limit_per_minute: row.rate_limit_per_minute,
    summary: row.summary,
    description: row.description,
    created_by: row.created_by,
    created_at: row.created_at,
    edited_by: row.edited_by,
    edited_at: row.edited_at,
    url_path: routeUrl(row.workspace_id, row.route_path),
  };
}

/** Create, read, update and delete of HTTP route triggers; every change reaches every replica's RouteTable. */
@Injectable()
export class HttpTriggersService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(ScriptsService) private readonly scripts: ScriptsService,
    @Inject(FlowsService) private readonly flows: FlowsService,
    @Inject(RouteTable) private readonly table: RouteTable,
    @Inject(RouteSecrets) private readonly secrets: RouteSecrets,
  ) {}

  async create(workspace: string, actor: Actor, input: TriggerInput): Promise<string> {
    const t = await this.check(workspace, input, undefined);
    const entry = { workspace, actor, action: 'http_triggers.create', path: t.path };
    await this.write(workspace, t, undefined, () =>
      withAudit(this.db, entry, (tx) =>
        tx.query(
          `INSERT INTO http_trigger (workspace_id, path, route_path, route_key, http_method, script_path, is_flow,
             is_async, authentication_method, signature, signature_secret, basic, rate_limit_per_minute, summary,
             description, created_by, edited_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16)`,
          [workspace, ...t.values, actor.userId],
        ),
      ),
    );
    return t.path;
  }

  /** Replaces a trigger (and renames it when `path` differs); an omitted secret or password is kept. */
  async update(workspace: string, actor: Actor, path: string, input: TriggerInput): Promise<string> {
    const old = await this.get(workspace, path);
    const t = await this.check(workspace, input, old);
    const entry = { workspace, actor, action: 'http_triggers.update', path: t.path, details: { from_path: path } };
    await this.write(workspace, t, path, () =>
      withAudit(this.db, entry, async (tx) => {
        const [, count]: [unknown, number] = await tx.query(
          `UPDATE http_trigger SET path = $2, route_path = $3, route_key = $4, http_method = $5, script_path = $6,
             is_flow = $7, is_async = $8, authentication_method = $9, signature = $10, signature_secret = $11,
             basic = $12, rate_limit_per_minute = $13, summary = $14, description = $15, edited_by = $16,
             edited_at = now()
           WHERE workspace_id = $1 AND path = $17`,
          [workspace, ...t.values, actor.userId, path],
        );
        if (!count) throw notFound(`HTTP trigger "${path}" not found in workspace "${workspace}"`);
      }),
    );
    return t.path;
  }

  async delete(workspace: string, actor: Actor, path: string): Promise<void> {
    const entry = { workspace, actor, action: 'http_triggers.delete', path };
    await withAudit(this.db, entry, (tx) => deleteOwnedRow(tx, 'http_trigger', 'HTTP trigger', workspace, path));
    await this.table.changed();
  }

  async get(workspace: string, path: string): Promise<HttpTriggerRow> {
    const rows: HttpTriggerRow[] = await this.db.query(
      'SELECT * FROM http_trigger WHERE workspace_id = $1 AND path = $2',
      [workspace, path],
    );
    if (!rows[0]) throw notFound(`HTTP trigger "${path}" not found in workspace "${workspace}"`);
    return rows[0];
  }

  /** The triggers the caller may read. */
  async list(access: Access): Promise<HttpTriggerRow[]> {
    const params: unknown[] = [access.workspace];
    const readable = access.where('path', params);
    return this.db.query(`SELECT * FROM http_trigger WHERE workspace_id = $1 AND ${readable} ORDER BY path`, params);
  }

  /**
   * Runs a write; a route or path taken already in this workspace is a 409 that names its owner
   * (routes of other workspaces live under their own prefix and can never conflict). The look-up
   * first gives the message; the unique indexes decide races between replicas. Then every
   * replica is told.
   */
  private async write(workspace: string, t: Checked, oldPath: string | undefined, run: () => Promise<unknown>) {
    await this.assertFree(workspace, t, oldPath);
    try {
      await run();
    } catch (err) {
      if ((err as { driverError?: { code?: string } }).driverError?.code !== '23505') throw err;
      await this.assertFree(workspace, t, oldPath);
      throw new RunnelError(ErrorCode.Conflict, `HTTP trigger "${t.path}" or its route was taken meanwhile; retry`);
    }
    await this.table.changed();
  }

  private async assertFree(workspace: string, t: Checked, oldPath: string | undefined): Promise<void> {
    const taken: { path: string; same_path: boolean }[] = await this.db.query(
      `SELECT path, path = $4 AS same_path FROM http_trigger
       WHERE workspace_id = $3 AND ((http_method = $1 AND route_key = $2) OR path = $4)
         AND path IS DISTINCT FROM $5`,
      [t.method, t.key, workspace, t.path, oldPath ?? null],
    );
    const samePath = taken.find((r) => r.same_path);
    if (samePath)
      throw new RunnelError(ErrorCode.Conflict, `HTTP trigger "${t.path}" already exists in workspace "${workspace}"`);
    const owner = taken[0];
    if (owner) {
      throw new RunnelError(
        ErrorCode.Conflict,
        `route ${t.method.toUpperCase()} ${routeUrl(workspace, t.route)} is taken by trigger "${owner.path}"`,
      );
    }
  }

  private async check(workspace: string, input: TriggerInput, old: HttpTriggerRow | undefined): Promise<Checked> {
    assertScriptPath(input.path);
    const segments = parseRoute(input.route_path);
    const route = routeText(segments);
    const key = routeKey(segments);
    const method = input.http_method.toLowerCase();
    const auth = (input.authentication_method === 'windmill' ? 'token' : input.authentication_method) as AuthMethod;
    const isFlow = input.is_flow ?? false;
    const isAsync = input.is_async ?? input.request_type === 'async';

    await requireTriggerTarget(this.scripts, this.flows, workspace, input.script_path, isFlow);

    /** The columns `signature` and `signature_secret`. */
    let signature: [StoredSignature, Buffer | null] | null = null;
    if (auth === 'signature') {
      if (!input.signature)
        throw badRequest('authentication_method "signature" needs signature: {secret, header, algorithm}');
      // Kept from the old scheme, it is opened and sealed again: the path it is bound to may change.
      const secret = input.signature.secret ?? (old?.signature ? (await this.secrets.config(old)).secret : undefined);
      if (!secret) throw badRequest('signature.secret is required');
      if (input.signature.timestamp_key && !input.signature.signature_key) {
        throw badRequest(
          'signature.timestamp_key needs signature.signature_key (the header is then a list of key=value)',
        );
      }
      signature = await this.secrets.stored(workspace, input.path, { ...(input.signature as SignatureConfig), secret });
    }
    let basic: HttpTriggerRow['basic'] = null;
    if (auth === 'basic') {
      if (!input.basic) throw badRequest('authentication_method "basic" needs basic: {username, password}');
      const hash = input.basic.password ? await hashPassword(input.basic.password) : old?.basic?.password_hash;
      if (!hash) throw badRequest('basic.password is required');
      basic = { username: input.basic.username, password_hash: hash };
    }
    return {
      path: input.path,
      method,
      key,
      route,
      values: [
        input.path,
        route,
        key,
        method,
        input.script_path,
        isFlow,
        isAsync,
        auth,
        signature ? JSON.stringify(signature[0]) : null,
        signature?.[1] ?? null,
        basic ? JSON.stringify(basic) : null,
        input.rate_limit_per_minute ?? null,
        input.summary ?? '',
        input.description ?? '',
      ],
    };
  }
}

interface Checked {
  path: string;
  method: string;
  key: string;
  route: string;
  values: unknown[];
}
