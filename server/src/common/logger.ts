import type { LoggerService, LogLevel as NestLevel } from '@nestjs/common';
import type { LogLevel } from '@runnel/protocol';
import type { Logger } from 'pino';

const PINO_LEVEL: Record<NestLevel, LogLevel> = {
  verbose: 'trace',
  debug: 'debug',
  log: 'info',
  warn: 'warn',
  error: 'error',
  fatal: 'fatal',
};
const ORDER: LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

/** The least severe pino level among Nest's `levels` (['warn', 'error'] → warn). */
export function pinoLevelOf(levels: NestLevel[]): LogLevel {
  const wanted = levels.map((l) => ORDER.indexOf(PINO_LEVEL[l]));
  return ORDER[Math.min(...wanted, ORDER.indexOf('fatal'))]!;
}

/**
 * Nest's logger on pino (docs/adr/0043-metrics-and-logs.md): `new Logger('JobEvents').log(…)`
 * anywhere in the server writes one pino line with `context: "JobEvents"`. A message that is
 * an object is spread into the line's fields (`{msg, job_id, flow_id, workspace}`); an Error
 * goes in `err`, with its stack.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly pino: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }
  /** Nest calls it as (message, stack?, context?): the stack of a caught error, then the logger's name. */
  error(message: unknown, ...params: unknown[]): void {
    const context = params.length > 0 && typeof params.at(-1) === 'string' ? params.pop() : undefined;
    const stack = params.find((p) => typeof p === 'string' && p.includes('\n    at '));
    const fields: Record<string, unknown> = {};
    if (stack) fields.err = { message: typeof message === 'string' ? message : undefined, stack };
    this.write('error', message, context === undefined ? [] : [context], fields);
  }

  private write(level: LogLevel, message: unknown, params: unknown[], extra: Record<string, unknown> = {}): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const context = typeof params.at(-1) === 'string' ? (params.at(-1) as string) : undefined;
    const fields: Record<string, unknown> = { ...(context && { context }), ...extra };
    if (message instanceof Error) {
      this.pino[level]({ ...fields, err: message }, message.message);
    } else if (message !== null && typeof message === 'object') {
      const { msg, ...rest } = message as Record<string, unknown>;
      this.pino[level]({ ...fields, ...rest }, typeof msg === 'string' ? msg : '');
    } else {
      this.pino[level](fields, String(message));
    }
  }
}
