import { Controller, Get, Header } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Api } from '../common/api-docs.js';
import { Public } from '../auth/roles.js';

export const VERSION = '0.1.0';

const healthSchema = { type: 'object', required: ['status'], properties: { status: { const: 'ok' } } } as const;
/**
 * The Windmill release whose API Runnel answers (its `wmill` CLI reads `/api/version` as text
 * `v<major>.<minor>…` and picks its requests by it): the CLI version the compatibility test pins.
 */
export const WINDMILL_API_VERSION = '1.819.0';

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
    description:
      "Plain text, as Windmill answers it: the Windmill API version Runnel implements, then Runnel's own, e.g. " +
      `\`v${WINDMILL_API_VERSION} (runnel ${VERSION})\`.`,
    ok: { 200: { description: 'Version.', text: `v${WINDMILL_API_VERSION} (runnel ${VERSION})` } },
  })
  @Public()
  @Get('version')
  @Header('content-type', 'text/plain; charset=utf-8')
  version() {
    return `v${WINDMILL_API_VERSION} (runnel ${VERSION})`;
  }
}
