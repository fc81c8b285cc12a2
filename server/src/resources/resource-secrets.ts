import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { resourceSecretContext } from '../secrets/crypto.js';
import { SecretKeys } from '../secrets/secret-keys.js';
import { secretText, type JsonObject } from './resource-value.js';

/** A secret field as stored: `sealed` opens only for its workspace, resource path and field. */
interface SealedField {
  field: string;
  sealed: Buffer;
}

/**
 * The secret fields of resources, in `resource_secret`, one row per field, sealed with the
 * workspace's data key (docs/adr/0036, docs/adr/0038). A value is sealed as JSON, so a secret
 * field may hold any JSON value and comes back as the same value.
 */
@Injectable()
export class ResourceSecrets {
  constructor(@Inject(SecretKeys) private readonly keys: SecretKeys) {}

  /** The fields of `resourceId` in plaintext; `only` limits them to those names. */
  async read(
    db: EntityManager,
    workspace: string,
    path: string,
    resourceId: string,
    only?: readonly string[],
  ): Promise<JsonObject> {
    const rows: SealedField[] = await db.query('SELECT field, sealed FROM resource_secret WHERE resource_id = $1', [
      resourceId,
    ]);
    const opened = await Promise.all(
      rows
        .filter((row) => !only || only.includes(row.field))
        .map(async (row) => {
          const context = resourceSecretContext(workspace, path, row.field);
          const what = `the secret field "${row.field}" of resource "${path}"`;
          return [row.field, JSON.parse(await this.keys.decryptFor(workspace, context, row.sealed, what))] as const;
        }),
    );
    return Object.fromEntries(opened);
  }

  /** Replaces every secret field of `resourceId` by `fields`, each sealed for `path`. */
  async write(
    db: EntityManager,
    workspace: string,
    path: string,
    resourceId: string,
    fields: JsonObject,
  ): Promise<void> {
    const sealed = await Promise.all(
      Object.entries(fields).map(async ([field, value]) => ({
        field,
        sealed: await this.keys.encryptFor(
          workspace,
          resourceSecretContext(workspace, path, field),
          JSON.stringify(value),
        ),
      })),
    );
    await db.query('DELETE FROM resource_secret WHERE resource_id = $1', [resourceId]);
    for (const row of sealed) {
      await db.query('INSERT INTO resource_secret (resource_id, field, sealed) VALUES ($1, $2, $3)', [
        resourceId,
        row.field,
        row.sealed,
      ]);
    }
  }
}

/** The plaintexts in a set of secret fields, for masking. */
export const plaintextsOf = (fields: JsonObject): string[] => Object.values(fields).map(secretText);
