import { DataSource } from 'typeorm';
import { UsersWorkspacesAudit1764000001600 } from './migrations/1764000001600-users-workspaces-audit.js';
import { Init1763700000000 } from './migrations/1763700000000-init.js';
import { Flows1763800000000 } from './migrations/1763800000000-flows.js';
import { JobTriggers1763900000000 } from './migrations/1763900000000-job-triggers.js';
import { HttpTriggers1763900000002 } from './migrations/1763900000002-http-triggers.js';
import { TokenScopesNatsTriggers1763900000003 } from './migrations/1763900000003-token-scopes-nats-triggers.js';
import { ScriptQuotas1764000000400 } from './migrations/1764000000400-script-quotas.js';
import { Schedules1763900000001 } from './migrations/1763900000001-schedules.js';
import { WorkspaceRoutes1764000000100 } from './migrations/1764000000100-workspace-routes.js';
import { ShortTokenPrefix1764000000600 } from './migrations/1764000000600-short-token-prefix.js';
import { JobListIndexes1764000001100 } from './migrations/1764000001100-job-list-indexes.js';
import { ScriptForms1764000001101 } from './migrations/1764000001101-script-forms.js';
import { DependencyLocks1764000001200 } from './migrations/1764000001200-dependency-locks.js';
import { VariablesSecrets1764000001300 } from './migrations/1764000001300-variables-secrets.js';
import { Resources1764000001400 } from './migrations/1764000001400-resources.js';
import { JobApi1764000001500 } from './migrations/1764000001500-job-api.js';
import { FoldersGroups1764000001700 } from './migrations/1764000001700-folders-groups.js';
import { JobRetention1764000001800 } from './migrations/1764000001800-job-retention.js';
import { JobDuration1764000002000 } from './migrations/1764000002000-job-duration.js';
import { WindmillScriptFields1764000003000 } from './migrations/1764000003000-windmill-script-fields.js';
import { PreparingClient } from './prepared.js';
import { QueryErrorLogger } from './query-logger.js';

/**
 * Runnel uses TypeORM's DataSource for connections, transactions and migrations, and
 * plain SQL for queries: job state changes are conditional updates (`WHERE status IN …`)
 * that an ORM's save() would turn into races.
 */
export function createDataSource(url: string, prepared = true): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    migrations: [
      Init1763700000000,
      Flows1763800000000,
      JobTriggers1763900000000,
      Schedules1763900000001,
      HttpTriggers1763900000002,
      TokenScopesNatsTriggers1763900000003,
      WorkspaceRoutes1764000000100,
      ScriptQuotas1764000000400,
      ShortTokenPrefix1764000000600,
      JobListIndexes1764000001100,
      ScriptForms1764000001101,
      DependencyLocks1764000001200,
      VariablesSecrets1764000001300,
      Resources1764000001400,
      JobApi1764000001500,
      UsersWorkspacesAudit1764000001600,
      FoldersGroups1764000001700,
      JobRetention1764000001800,
      JobDuration1764000002000,
      WindmillScriptFields1764000003000,
    ],
    migrationsTableName: 'runnel_migrations',
    synchronize: false,
    logging: ['error', 'warn'],
    logger: new QueryErrorLogger(),
    extra: { max: 20, ...(prepared ? { Client: PreparingClient } : {}) },
  });
}

export async function openDatabase(url: string, prepared = true): Promise<DataSource> {
  const ds = createDataSource(url, prepared);
  await ds.initialize().catch((err: Error) => {
    throw new Error(`cannot reach PostgreSQL at DATABASE_URL: ${err.message}`);
  });
  // Several replicas may start at once; one of them migrates, the others wait on the lock.
  const lock = ds.createQueryRunner();
  await lock.connect();
  await lock.query('SELECT pg_advisory_lock(727001)');
  try {
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await lock.query('SELECT pg_advisory_unlock(727001)');
    await lock.release();
  }
  return ds;
}
