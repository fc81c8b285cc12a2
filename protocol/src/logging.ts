import { format } from 'node:util';
import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * How the server and the workers log (docs/adr/0043-metrics-and-logs.md): pino, one JSON object a
 * line for log shippers, or the same lines readable in a terminal. Job-related lines carry the
 * fields below, under these names on both sides, so one query finds every line of a run.
 */
export interface JobLogFields {
  job_id: string;
  /** The flow job the job is a step of (its parent); absent for a job outside any flow. */
  flow_id?: string;
  workspace?: string;
}

export type LogFormat = 'json' | 'pretty';
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LogSettings {
  /** RUNNEL_LOG_FORMAT: `json` or `pretty`. Default: pretty when stdout is a terminal, json otherwise. */
  format: LogFormat;
  /** RUNNEL_LOG_LEVEL: the least severe level written. Default `info`. */
  level: LogLevel;
}

export function logSettings(
  env: NodeJS.ProcessEnv = process.env,
  terminal = process.stdout.isTTY === true,
): LogSettings {
  const rawFormat = env.RUNNEL_LOG_FORMAT || (terminal ? 'pretty' : 'json');
  if (rawFormat !== 'json' && rawFormat !== 'pretty') {
    throw new Error(`RUNNEL_LOG_FORMAT must be json or pretty, got "${rawFormat}"`);
  }
  const rawLevel = env.RUNNEL_LOG_LEVEL || 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(rawLevel)) {
    throw new Error(`RUNNEL_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${rawLevel}"`);
  }
  return { format: rawFormat, level: rawLevel as LogLevel };
}

/**
 * A logger writing to stdout: JSON lines (`level` as a word, `time` in ISO 8601), or in `pretty`
 * format one readable line each, warnings and errors on stderr. `base` is on every line
 * (`service`, a worker's `worker`).
 */
export function createLogger(
  settings: LogSettings,
  base: Record<string, unknown>,
  destination?: DestinationStream,
): Logger {
  return pino(
    {
      level: settings.level,
      base: { ...base },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    // process.stdout: synchronous for files and pipes on Linux, shared by every logger of the process.
    destination ?? (settings.format === 'pretty' ? prettyDestination() : process.stdout),
  );
}

/** Fields a pretty line leaves out: shown another way, or the same on every line. */
const PRETTY_HIDDEN = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'service', 'worker', 'context', 'err']);

/** One JSON line as a terminal line: `19:48:05 WARN [JobEvents] message key=value …`. */
export function prettyLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const time = typeof entry.time === 'string' ? entry.time.slice(11, 19) : '';
  const level = String(entry.level ?? '').toUpperCase();
  const context = entry.context ? `[${String(entry.context)}] ` : '';
  const fields = Object.entries(entry)
    .filter(([key, value]) => !PRETTY_HIDDEN.has(key) && value !== undefined)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  const err = entry.err as { stack?: string; message?: string } | undefined;
  const stack = err ? `\n${err.stack ?? err.message}` : '';
  return `${time} ${level.padEnd(5)} ${context}${String(entry.msg ?? '')}${fields.length ? ` ${fields.join(' ')}` : ''}${stack}`;
}

function prettyDestination(): DestinationStream {
  return {
    write(line: string) {
      const text = `${prettyLine(line.trimEnd())}\n`;
      // Like a console: warnings and errors where a terminal user's 2>… sends them.
      if (/"level":"(warn|error|fatal)"/.test(line)) process.stderr.write(text);
      else process.stdout.write(text);
    },
  };
}

/**
 * Sends console.log/info/warn/error through `logger`, so that in JSON format nothing else writes
 * a line that is not JSON (code that prints with console, a dependency's warning). For the
 * processes' entry points only; a library leaves the console alone.
 */
export function routeConsole(logger: Logger): void {
  console.log = console.info = (...args: unknown[]) => logger.info(format(...args));
  console.warn = (...args: unknown[]) => logger.warn(format(...args));
  console.error = (...args: unknown[]) => logger.error(format(...args));
  console.debug = (...args: unknown[]) => logger.debug(format(...args));
}
