import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { actorOfRequest } from '../audit/audit-log.js';
import type { FastifyReply } from 'fastify';
import { CallerAccess, type AuthedRequest } from '../auth/auth.guard.js';
import { PathParam, type Access } from '../auth/path-access.js';
import { MinRole } from '../auth/roles.js';
import { ApiTags } from '@nestjs/swagger';
import { badRequest } from '../common/errors.js';
import { exists } from '../common/exists.js';
import { parseBody } from '../common/validate.js';
import { Api, listOf, ref } from '../common/api-docs.js';
import { singleQuery } from '../common/query-params.js';
import { PREVIEW_MAX, previewCron } from './cron-preview.js';
import { scheduleView } from './schedule-row.js';
import { SchedulesService, type NewSchedule, type ScheduleChanges } from './schedules.service.js';
import { sendText } from '../common/replies.js';

const fieldSchemas = {
  schedule: { type: 'string', minLength: 1, maxLength: 255 },
  timezone: { type: 'string', minLength: 1, maxLength: 100 },
  script_path: { type: 'string', minLength: 1, maxLength: 255 },
  is_flow: { type: 'boolean' },
  args: { type: ['object', 'null'], additionalProperties: true },
  enabled: { type: 'boolean' },
  no_overlap: { type: 'boolean' },
  no_flow_overlap: { type: 'boolean' },
  on_failure: { type: ['string', 'null'], maxLength: 255 },
  catch_up: { type: 'boolean' },
  summary: { type: ['string', 'null'], maxLength: 1000 },
} as const;

/** Windmill's NewSchedule (`no_flow_overlap` is accepted for `no_overlap`); other Windmill fields are ignored. */
const createSchema = {
  type: 'object',
  required: ['path', 'schedule', 'timezone', 'script_path'],
  properties: { path: { type: 'string', minLength: 1, maxLength: 255 }, ...fieldSchemas },
} as const;

/** Windmill's EditSchedule, every field optional: what is absent stays as it is. */
const updateSchema = { type: 'object', properties: fieldSchemas } as const;

const setEnabledSchema = {
  type: 'object',
  required: ['enabled'],
  properties: { enabled: { type: 'boolean' } },
} as const;

/** Answers like Windmill: writes answer plain text, reads answer JSON. */
@ApiTags('schedules')
@Controller('api/w/:workspace/schedules')
export class SchedulesController {
  constructor(@Inject(SchedulesService) private readonly schedules: SchedulesService) {}

  @Api({
    id: 'createSchedule',
    summary: 'Create a schedule',
    body: createSchema,
    ok: { 201: { description: 'Created.', text: 'The schedule path.' } },
    errors: [400, 404, 409],
  })
  @Post('create')
  @MinRole('developer')
  async create(
    @Param('workspace') workspace: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const input = parseBody<NewSchedule>(createSchema, body);
    req.access!.assertTrigger(input.path, 'schedule', input);
    const row = await this.schedules.create(workspace, actorOfRequest(req), { ...input, args: input.args ?? {} });
    await sendText(reply, 201, row.path);
  }

  @Api({
    id: 'getSchedule',
    summary: 'Get a schedule',
    path: 'The schedule path.',
    ok: { 200: { description: 'The schedule.', json: ref('Schedule') } },
    errors: [404],
  })
  @Get('get/*')
  @PathParam('read', 'schedule')
  async get(@Param('workspace') workspace: string, @Param('*') path: string) {
    return scheduleView(await this.schedules.get(workspace, path));
  }

  @Api({
    id: 'existsSchedule',
    summary: 'Whether a schedule exists',
    path: 'The schedule path.',
    ok: { 200: { description: 'true or false.', json: { type: 'boolean' } } },
  })
  @Get('exists/*')
  async exists(@Param('workspace') workspace: string, @Param('*') path: string, @CallerAccess() access: Access) {
    // One the caller may not read does not exist for it, as a get's 404 says.
    return access.can(path, 'read') && exists(this.schedules.get(workspace, path));
  }

  /** Runnel's own: what the app shows beside a cron field, from the scheduler's own cron. */
  @Api({
    id: 'previewSchedule',
    summary: 'Describe a cron expression and list its next fire times',
    description:
      'Nothing is saved. A bad expression or time zone is the 400 that create would give. The times are ' +
      'instants; show them in `timezone`.',
    query: {
      schedule: { schema: { type: 'string' }, description: 'Cron, 5 fields or 6 with seconds first.' },
      timezone: { schema: { type: 'string' }, description: 'IANA time zone, e.g. Europe/Paris.' },
      count: {
        schema: { type: 'integer', minimum: 1, maximum: PREVIEW_MAX, default: 5 },
        description: 'How many fire times.',
      },
    },
    ok: { 200: { description: 'The description and the next fire times.', json: ref('SchedulePreview') } },
    errors: [400],
  })
  @Get('preview')
  // The workspace is only checked (membership, by the guard): a preview reads nothing of it.
  preview(
    @Param('workspace') _workspace: string,
    @Query('schedule') scheduleParam?: string | string[],
    @Query('timezone') timezoneParam?: string | string[],
    @Query('count') countParam?: string | string[],
  ) {
    const schedule = singleQuery(scheduleParam, 'schedule');
    const timezone = singleQuery(timezoneParam, 'timezone');
    const count = singleQuery(countParam, 'count');
    if (!schedule?.trim()) throw badRequest('schedule is required: a cron expression such as "0 9 * * 1-5"');
    if (!timezone?.trim()) throw badRequest('timezone is required: an IANA time zone such as "Europe/Paris"');
    const n = count === undefined || count === '' ? 5 : Number(count);
    return previewCron(schedule, timezone, n);
  }

  /** `path` (Windmill's name) or `script_path` filters by target; `enabled=true|false`. */
  @Api({
    id: 'listSchedules',
    summary: 'List schedules',
    query: {
      path: { schema: { type: 'string' }, description: 'Only schedules of this script or flow.' },
      script_path: { schema: { type: 'string' }, description: 'The same as path.' },
      enabled: { schema: { type: 'boolean' }, description: 'Only enabled, or disabled, schedules.' },
    },
    ok: { 200: { description: 'Schedules.', json: listOf('Schedule') } },
    errors: [400],
  })
  @Get('list')
  async list(
    @CallerAccess() access: Access,
    @Query('path') path?: string,
    @Query('script_path') scriptPath?: string,
    @Query('enabled') enabled?: string,
  ) {
    if (enabled !== undefined && enabled !== 'true' && enabled !== 'false') {
      throw badRequest('enabled must be true or false');
    }
    const rows = await this.schedules.list(access, {
      script_path: scriptPath ?? path,
      enabled: enabled === undefined ? undefined : enabled === 'true',
    });
    return rows.map(scheduleView);
  }

  @Api({
    id: 'updateSchedule',
    summary: 'Change a schedule',
    description: 'Fields left out stay as they are.',
    path: 'The schedule path.',
    body: updateSchema,
    ok: { 200: { description: 'Updated.', text: 'The schedule path.' } },
    errors: [400, 404],
  })
  @Post('update/*')
  @MinRole('developer')
  @PathParam('write', 'schedule')
  @HttpCode(200)
  async update(
    @Param('workspace') workspace: string,
    @Param('*') path: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const changes = parseBody<ScheduleChanges & { args?: Record<string, unknown> | null }>(updateSchema, body);
    req.access!.assertTrigger(path, 'schedule', changes);
    const row = await this.schedules.update(workspace, actorOfRequest(req), path, {
      ...changes,
      args: changes.args === null ? {} : changes.args,
    });
    await sendText(reply, 200, row.path);
  }

  @Api({
    id: 'setScheduleEnabled',
    summary: 'Enable or disable a schedule',
    path: 'The schedule path.',
    body: setEnabledSchema,
    ok: { 200: { description: 'Done.', text: 'A confirmation.' } },
    errors: [400, 404],
  })
  @Post('setenabled/*')
  @MinRole('developer')
  @PathParam('write', 'schedule')
  @HttpCode(200)
  async setEnabled(
    @Param('workspace') workspace: string,
    @Param('*') path: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { enabled } = parseBody<{ enabled: boolean }>(setEnabledSchema, body);
    const row = await this.schedules.setEnabled(workspace, actorOfRequest(req), path, enabled);
    await sendText(reply, 200, `schedule ${row.path} ${enabled ? 'enabled' : 'disabled'}`);
  }

  @Api({
    id: 'deleteSchedule',
    summary: 'Delete a schedule',
    path: 'The schedule path.',
    ok: { 200: { description: 'Deleted.', text: 'A confirmation.' } },
    errors: [404],
  })
  @Delete('delete/*')
  @MinRole('developer')
  @PathParam('write', 'schedule')
  @HttpCode(200)
  async delete(
    @Param('workspace') workspace: string,
    @Param('*') path: string,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.schedules.delete(workspace, actorOfRequest(req), path);
    await sendText(reply, 200, `schedule ${path} deleted`);
  }
}
