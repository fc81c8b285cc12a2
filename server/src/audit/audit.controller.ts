import { Controller, Get, Inject, Param, Query, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AuthedRequest } from '../auth/auth.guard.js';
import { MinRole } from '../auth/roles.js';
import { Api, listOf, type JsonSchema } from '../common/api-docs.js';
import { singleQuery } from '../common/query-params.js';
import { integerParam } from '../common/validate.js';
import { assertInstanceAdmin } from '../users/instance-admin.js';
import { DataSource } from 'typeorm';
import { AuditService, parseAuditFilter, type AuditFilter } from './audit.service.js';

const text: JsonSchema = { type: 'string' };
const dateTime: JsonSchema = { type: 'string', format: 'date-time' };
const FILTERS = {
  after: { schema: dateTime, description: 'Entries at or after this instant.' },
  before: { schema: dateTime, description: 'Entries before this instant.' },
  username: { schema: text, description: 'Entries of this user (for a failed sign-in: the login tried).' },
  action: { schema: text, description: 'An action (`variables.reveal`), or an area ending in a dot (`variables.`).' },
  path: { schema: text, description: 'Entries whose path starts with this.' },
  page: { schema: { type: 'integer', minimum: 1 }, description: 'Default 1.' },
  per_page: { schema: { type: 'integer', minimum: 1, maximum: 1000 }, description: 'Default 100, at most 1000.' },
};

type RawQuery = Record<string, string | string[] | undefined>;

function filterOf(q: RawQuery): AuditFilter {
  const one = (name: string) => singleQuery(q[name], name);
  return parseAuditFilter({
    after: one('after'),
    before: one('before'),
    username: one('username'),
    action: one('action'),
    path: one('path'),
    page: integerParam(one('page'), 'page', 1, 1_000_000),
    per_page: integerParam(one('per_page'), 'per_page', 100, 1000),
  });
}

/** The audit log, newest first (docs/adr/0039-users-workspaces-audit.md). */
@ApiTags('audit')
@Controller('api')
export class AuditController {
  constructor(
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(DataSource) private readonly db: DataSource,
  ) {}

  @Api({
    id: 'listAuditLogs',
    summary: "The workspace's audit log (admin)",
    query: FILTERS,
    ok: { 200: { description: 'Newest first.', json: listOf('AuditEntry') } },
    errors: [400],
  })
  @Get('w/:workspace/audit/list')
  @MinRole('admin')
  list(@Param('workspace') ws: string, @Query() q: RawQuery) {
    return this.audit.list(ws, filterOf(q));
  }

  @Api({
    id: 'listInstanceAuditLogs',
    summary: "The instance's audit log: sign-ins, users, workspaces (instance admin)",
    query: FILTERS,
    ok: { 200: { description: 'Newest first.', json: listOf('AuditEntry') } },
    errors: [400],
  })
  @Get('audit/list')
  async listInstance(@Req() req: AuthedRequest, @Query() q: RawQuery) {
    const filter = filterOf(q);
    await assertInstanceAdmin(this.db, req.caller!, 'the instance audit log');
    return this.audit.list(null, filter);
  }
}
