import { Controller, Get } from '@nestjs/common';
import { Public } from '../auth/roles.js';

export const VERSION = '0.1.0';

@Controller('api')
export class HealthController {
  @Public()
  @Get('health')
  health() {
    return { status: 'ok' };
  }

  @Public()
  @Get('version')
  version() {
    return { version: VERSION, name: 'runnel' };
  }
}
