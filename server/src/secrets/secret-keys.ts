import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ErrorCode, RunnelError } from '../common/errors.js';
import { SERVER_CONFIG, type ServerConfig } from '../common/config.js';
import type { MasterKey } from '../common/master-key.js';
import { recordAudit, type AuditActor } from '../audit/audit-log.js';
import { dataKeyContext, newDataKey, open, seal, secretContext } from './crypto.js';

interface WrappedKey {
  workspace_id: string;
  master_key_id: string;
  wrapped: Buffer;
}

/**
 * The key hierarchy of docs/adr/0036-secrets-key-hierarchy.md: a master key from the environment
 * wraps one random data key per workspace (table `workspace_key`); a data key seals that
 * workspace's secrets. Unwrapped data keys live only in this process's memory.
 */
@Injectable()
export class SecretKeys {
  /** Unwrapped data keys by workspace. A rewrap changes no data key, so an entry never goes stale. */
  private readonly dataKeys = new Map<string, Buffer>();

  constructor(
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
    @Inject(DataSource) private readonly db: DataSource,
  ) {}

  /** Whether this server has a master key, so secrets can be sealed and opened. */
  get available(): boolean {
    return this.config.secrets.masterKey !== undefined;
  }

  /** `plaintext` sealed under `workspace`'s data key (made on first use) and bound to `path`. */
  async encrypt(workspace: string, path: string, plaintext: string): Promise<Buffer> {
    return this.encryptFor(workspace, secretContext(workspace, path), plaintext);
  }

  /** The plaintext of a secret sealed by encrypt for this workspace and path; anything else is refused. */
  async decrypt(workspace: string, path: string, sealed: Buffer): Promise<string> {
    return this.decryptFor(workspace, secretContext(workspace, path), sealed, `the secret "${path}"`);
  }

  /**
   * `plaintext` sealed under `workspace`'s data key and bound to `context` (crypto.ts's contexts:
   * a variable's path, a resource's path and field), so it opens only where it was written.
   */
  async encryptFor(workspace: string, context: string, plaintext: string): Promise<Buffer> {
    return seal(await this.dataKey(workspace), Buffer.from(plaintext), context);
  }

  /** The plaintext sealed by encryptFor with this context; `what` names it in the error otherwise. */
  async decryptFor(workspace: string, context: string, sealed: Buffer, what: string): Promise<string> {
    const plain = open(await this.dataKey(workspace), sealed, context);
    if (!plain) {
      throw new RunnelError(
        ErrorCode.Internal,
        `${what} of workspace "${workspace}" cannot be decrypted: its ciphertext was not ` +
          'written for this path and workspace (a row altered or copied in the database)',
      );
    }
    return plain.toString();
  }

  /**
   * Wraps every data key under RUNNEL_MASTER_KEY that is wrapped under another accepted key, in one
   * transaction; ciphertexts are not touched. Answers how many were rewrapped, of how many.
   * Harmless to repeat (the endpoint and `npm run rewrap-keys -w server` both call it). Writes the
   * instance-level audit entry `secrets.rewrap` in the same transaction, naming `actor`.
   */
  async rewrap(actor: AuditActor): Promise<{ rewrapped: number; total: number; master_key_id: string }> {
    const master = this.master();
    return this.db.transaction(async (tx) => {
      const rows: WrappedKey[] = await tx.query('SELECT * FROM workspace_key ORDER BY workspace_id FOR UPDATE');
      const stale = rows.filter((row) => row.master_key_id !== master.id);
      for (const row of stale) {
        const wrapped = seal(master.key, this.unwrap(row), dataKeyContext(row.workspace_id));
        await tx.query(
          'UPDATE workspace_key SET master_key_id = $2, wrapped = $3, wrapped_at = now() WHERE workspace_id = $1',
          [row.workspace_id, master.id, wrapped],
        );
      }
      const result = { rewrapped: stale.length, total: rows.length, master_key_id: master.id };
      await recordAudit(tx, { workspace: null, actor, action: 'secrets.rewrap', details: result });
      return result;
    });
  }

  private master(): MasterKey {
    const key = this.config.secrets.masterKey;
    if (!key) {
      throw new RunnelError(
        ErrorCode.Unavailable,
        'secrets are not available: this server has no RUNNEL_MASTER_KEY (32 random bytes, base64 or hex; ' +
          '`npm run up` makes one in its data directory); set it and restart the server',
      );
    }
    return key;
  }

  /**
   * Read and made outside any caller's transaction: a key made in a transaction that then rolled
   * back would stay in memory here while another replica made a different one.
   */
  private async dataKey(workspace: string): Promise<Buffer> {
    const master = this.master();
    const known = this.dataKeys.get(workspace);
    if (known) return known;
    const select = () => this.db.query('SELECT * FROM workspace_key WHERE workspace_id = $1', [workspace]);
    let [row]: WrappedKey[] = await select();
    if (!row) {
      // Two replicas may make one at once; the first insert wins and both use it.
      await this.db.query(
        `INSERT INTO workspace_key (workspace_id, master_key_id, wrapped) VALUES ($1, $2, $3)
         ON CONFLICT (workspace_id) DO NOTHING`,
        [workspace, master.id, seal(master.key, newDataKey(), dataKeyContext(workspace))],
      );
      [row] = await select();
    }
    const key = this.unwrap(row!);
    this.dataKeys.set(workspace, key);
    return key;
  }

  private unwrap(row: WrappedKey): Buffer {
    const current = this.master();
    const master = [current, ...this.config.secrets.previousMasterKeys].find((k) => k.id === row.master_key_id);
    if (!master) {
      throw new RunnelError(
        ErrorCode.Unavailable,
        `the data key of workspace "${row.workspace_id}" is wrapped by master key ${row.master_key_id}, which is ` +
          `neither RUNNEL_MASTER_KEY (${current.id}) nor in RUNNEL_MASTER_KEY_PREVIOUS: give the server the key it was made with`,
      );
    }
    const key = open(master.key, row.wrapped, dataKeyContext(row.workspace_id));
    if (!key) {
      throw new RunnelError(
        ErrorCode.Internal,
        `the data key of workspace "${row.workspace_id}" does not unwrap under master key ${master.id}: the row was altered`,
      );
    }
    return key;
  }
}
