import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Api } from '../common/api-docs.js';
import { Public } from '../auth/roles.js';

export const VERSION = '0.1.0';

const healthSchema = { type: 'object', required: ['status'], properties: { status: { const: 'ok' } } } as const;
const versionSchema = {
  type: 'object',
  required: ['version', 'name'],
  properties: { version: { type: 'string' }, name: { const: 'runnel' } },
} as const;

@ApiTags('health')
@Controller('api')
export class HealthController {
  @Api({
    id: 'getHealth',
    summary: 'Liveness',
    public: true,
    ok: { 200: { description: 'The server answers.', json: healthSchema } },
  })
  @Public()
  @Get('health')
  health() {
    return { status: 'ok' };
  }

  @Api({
    id: 'backendVersion',
    summary: "The server's version",
    public: true,
    ok: { 200: { description: 'Version.', json: versionSchema } },
  })
  @Public()
  @Get('version')
  version() {
    return { version: VERSION, name: 'runnel' };
  }
}
