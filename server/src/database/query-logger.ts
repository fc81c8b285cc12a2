import { Logger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';

/** How much of a failed statement's SQL a log line shows. */
const MAX_SQL = 300;

/**
 * Logs a failed statement by its error and the start of its SQL — never its parameters, which hold
 * what users sent (arguments, tokens' hashes, megabytes of fuzz) — and without TypeORM's default
 * syntax highlighting, which runs a large regular expression over the whole text: on hostile input
 * it crashed the process ("RegExpCompiler Allocation failed"), where a failed query should only be
 * a 4xx.
 */
export class QueryErrorLogger implements TypeOrmLogger {
  private readonly logger = new Logger('PostgreSQL');

  // The parameters (third argument) are left out on purpose.
  logQueryError(error: string | Error, query: string, _parameters?: unknown[]): void {
    const message = typeof error === 'string' ? error : error.message;
    const sql = query.replace(/\s+/g, ' ').slice(0, MAX_SQL);
    this.logger.error(`query failed: ${message.slice(0, MAX_SQL)} — ${sql}`);
  }

  logQuery(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message).slice(0, MAX_SQL));
  }
}
