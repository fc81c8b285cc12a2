import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { routeSecretContext } from '../secrets/crypto.js';
import { SecretKeys } from '../secrets/secret-keys.js';
import type { HttpTriggerRow, StoredSignature } from './http-trigger-row.js';
import { RouteTable } from './route-table.js';
import type { SignatureConfig } from './signature.js';

/**
 * HTTP routes' HMAC signature secrets in the secrets store (docs/adr/0038-resources.md): sealed
 * under the workspace's data key and bound to the trigger's path when the server has a master key;
 * in the clear in `signature.secret`, as before, when it has none, and sealed at the next start
 * with one. (Basic passwords are argon2id hashes already; a hash needs no key.)
 */
@Injectable()
export class RouteSecrets implements OnApplicationBootstrap {
  private readonly logger = new Logger('RouteSecrets');

  constructor(
    @Inject(SecretKeys) private readonly keys: SecretKeys,
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(RouteTable) private readonly table: RouteTable,
  ) {}

  /** The columns `signature` and `signature_secret` for a scheme of the trigger `path`. */
  async stored(workspace: string, path: string, cfg: SignatureConfig): Promise<[StoredSignature, Buffer | null]> {
    if (!this.keys.available) return [cfg, null];
    const { secret, ...scheme } = cfg;
    return [scheme, await this.keys.encryptFor(workspace, routeSecretContext(workspace, path), secret)];
  }

  /** The scheme of a signature route with its secret in plaintext, to check a request or keep it on update. */
  async config(row: HttpTriggerRow): Promise<SignatureConfig> {
    const { secret, ...scheme } = row.signature!;
    if (secret !== undefined) return { ...scheme, secret };
    const context = routeSecretContext(row.workspace_id, row.path);
    const what = `the signature secret of HTTP trigger "${row.path}"`;
    return { ...scheme, secret: await this.keys.decryptFor(row.workspace_id, context, row.signature_secret!, what) };
  }

  /** Seals every secret left in the clear (written without a master key), or says how many there are. */
  async onApplicationBootstrap(): Promise<void> {
    const clear = () => "SELECT * FROM http_trigger WHERE signature ? 'secret' ORDER BY workspace_id, path";
    if (!this.keys.available) {
      const rows: unknown[] = await this.db.query(clear());
      if (rows.length) {
        this.logger.warn(
          `${rows.length} HTTP route signature secret(s) are stored unencrypted: start the server with ` +
            'RUNNEL_MASTER_KEY to encrypt them',
        );
      }
      return;
    }
    const sealed = await this.db.transaction(async (tx) => {
      const rows: HttpTriggerRow[] = await tx.query(`${clear()} FOR UPDATE`);
      for (const row of rows) {
        const [scheme, secret] = await this.stored(row.workspace_id, row.path, await this.config(row));
        await tx.query(
          'UPDATE http_trigger SET signature = $3, signature_secret = $4 WHERE workspace_id = $1 AND path = $2',
          [row.workspace_id, row.path, JSON.stringify(scheme), secret],
        );
      }
      return rows.length;
    });
    if (sealed) {
      this.logger.log(`encrypted ${sealed} HTTP route signature secret(s) stored in the clear`);
      await this.table.changed();
    }
  }
}
