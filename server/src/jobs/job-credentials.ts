import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { instanceKey } from '../common/instance-key.js';

/**
 * Each job's credential for the job API (docs/adr/0037-secrets-in-jobs.md): an HMAC of the job
 * id under a key made once per installation and kept in PostgreSQL (as ResumeSigner keeps its
 * own), so every replica issues and checks alike. It is a capability, not a secret value: it
 * travels in the job message, and the job API honours it only until the job's row is final.
 */
@Injectable()
export class JobCredentials implements OnModuleInit {
  private key: Buffer | undefined;

  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async onModuleInit(): Promise<void> {
    this.key = await instanceKey(this.db, 'job_api_hmac');
  }

  issue(jobId: string): string {
    return createHmac('sha256', this.key!).update(`job-api\n${jobId}`).digest('hex');
  }

  verify(jobId: string, credential: unknown): boolean {
    const expected = Buffer.from(this.issue(jobId), 'hex');
    const given = Buffer.from(
      typeof credential === 'string' && /^[0-9a-f]{64}$/.test(credential) ? credential : '',
      'hex',
    );
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
