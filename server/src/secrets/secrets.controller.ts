import { Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AuthedRequest } from '../auth/auth.guard.js';
import { Api } from '../common/api-docs.js';
import { SecretKeys } from './secret-keys.js';
import { DataSource } from 'typeorm';
import { assertInstanceAdmin } from '../users/instance-admin.js';
import { actorOfRequest } from '../audit/audit-log.js';

/** The instance's key hierarchy (docs/adr/0036-secrets-key-hierarchy.md). */
@ApiTags('secrets')
@Controller('api/secrets')
export class SecretsController {
  constructor(
    @Inject(SecretKeys) private readonly keys: SecretKeys,
    @Inject(DataSource) private readonly db: DataSource,
  ) {}

  @Api({
    id: 'rewrapDataKeys',
    summary: 'Re-wrap every data key under the current master key (instance admin)',
    description:
      'After a master key rotation: start the server with the new key in RUNNEL_MASTER_KEY and the old one in ' +
      'RUNNEL_MASTER_KEY_PREVIOUS, call this, then drop RUNNEL_MASTER_KEY_PREVIOUS. One transaction; no secret ' +
      'is decrypted or rewritten. Needs an instance admin; audited as an instance-level `secrets.rewrap`.',
    ok: {
      200: {
        description: 'Done.',
        json: {
          type: 'object',
          required: ['rewrapped', 'total', 'master_key_id'],
          properties: {
            rewrapped: { type: 'integer', description: 'Data keys that were wrapped by another key.' },
            total: { type: 'integer' },
            master_key_id: { type: 'string', description: 'The id of RUNNEL_MASTER_KEY (not the key).' },
          },
        },
      },
    },
    errors: [503],
  })
  @Post('rewrap')
  @HttpCode(200)
  async rewrap(@Req() req: AuthedRequest) {
    await assertInstanceAdmin(this.db, req.caller!, 're-wrapping the data keys');
    return this.keys.rewrap(actorOfRequest(req));
  }
}
