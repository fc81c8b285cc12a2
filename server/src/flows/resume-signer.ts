import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { instanceKey } from '../common/instance-key.js';

/**
 * Signs approval links so that whoever holds one can resume or reject that one step without
 * a token. The key is made once per installation and kept in PostgreSQL, so every replica
 * signs and checks alike and links survive restarts.
 */
@Injectable()
export class ResumeSigner implements OnModuleInit {
  private key: Buffer | undefined;

  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async onModuleInit(): Promise<void> {
    this.key = await instanceKey(this.db, 'resume_hmac');
  }

  /**
   * The link's HMAC. An approver name, when the link names one, is signed with it (as Windmill
   * does), so the name a link records cannot be changed by editing its query string. A link
   * without a name signs the same message as before names were signed: old links keep working.
   */
  sign(workspace: string, jobId: string, resumeId: number, approver?: string): string {
    const message = `${workspace}\n${jobId}\n${resumeId}${approver === undefined ? '' : `\n${approver}`}`;
    return createHmac('sha256', this.key!).update(message).digest('hex');
  }

  verify(workspace: string, jobId: string, resumeId: number, signature: string, approver?: string): boolean {
    const expected = Buffer.from(this.sign(workspace, jobId, resumeId, approver), 'hex');
    const given = Buffer.from(/^[0-9a-f]{64}$/.test(signature) ? signature : '', 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
