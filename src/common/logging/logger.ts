import type { LoggerService } from '@nestjs/common';
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import type { LogLevel } from '../../config/app-config.js';
import { currentRequestId } from './request-context.js';

/**
 * Members never written to a log, at any of the first four levels of a line: credentials and
 * tokens, secrets, Section M of an order (Reg. 2023/1543 Art 9(3): for the enforcing authority
 * only) and evidence filenames (they name people). The key is the whole rule, whatever the value.
 */
export const REDACTED_KEYS = [
  'password',
  'passwordHash',
  'password_hash',
  'authorization',
  'cookie',
  'accessToken',
  'token',
  'privateKey',
  'secret',
  'jwtSecret',
  'webhookSecret',
  'signingSecret',
  'caseSummary',
  'necessityGrounds',
  'sectionM',
  'section_m',
  'filename',
  'fileName',
  'parameters',
] as const;
const REDACTED_PATHS = REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]);

/**
 * Members of a database error that carry values: TypeORM's QueryFailedError keeps the bound
 * `parameters` (argon2 hashes, Section M) and the query, and copies the driver's `detail`
 * ("Key (email)=(...)", "Failing row contains (...)") and `where` onto itself.
 */
const VALUE_CARRYING_ERROR_MEMBERS = ['parameters', 'query', 'driverError', 'detail', 'where', 'internalQuery'];

/** pino's error serializer, minus what a database error knows about the values it refused. */
export function serializeError(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error) as unknown;
  // Nested errors (aggregateErrors, an `original` member) are serialized inside: scrub them too.
  const scrub = (value: unknown, depth: number): void => {
    if (value === null || typeof value !== 'object' || depth > 4) return;
    for (const member of VALUE_CARRYING_ERROR_MEMBERS) delete (value as Record<string, unknown>)[member];
    for (const inner of Object.values(value)) scrub(inner, depth + 1);
  };
  scrub(serialized, 0);
  return serialized;
}

/**
 * One JSON logger for the whole process: fastify's request logs and Nest's application logs
 * both go through it, and every line written while serving a request carries its `requestId`.
 * Errors lose the values a database error carries (serializeError), and secrets are redacted
 * by member name (REDACTED_KEYS) as a second line of defence; the first is never logging them.
 */
export function createRootLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    base: { service: 'evidence-exchange' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    // Fastify's per-request child loggers already carry requestId (requestIdLogLabel); the
    // mixin adds it to application logs written while that request is served.
    mixin: (_object, _level, logger) => {
      const requestId = currentRequestId();
      return requestId && !('requestId' in logger.bindings()) ? { requestId } : {};
    },
    serializers: { err: serializeError },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Adapts pino to Nest's LoggerService so `new Logger(Context)` writes JSON lines too. */
export class JsonLogger implements LoggerService {
  constructor(private readonly root: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  /** Nest passes the context as the last string argument, and a stack before it for errors. */
  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal', message: unknown, rest: unknown[]): void {
    const args = [...rest];
    const context = typeof args.at(-1) === 'string' ? (args.pop() as string) : undefined;
    const fields: Record<string, unknown> = context ? { context } : {};
    if (message instanceof Error) {
      this.root[level]({ ...fields, err: message }, message.message);
      return;
    }
    if (level === 'error' && typeof args[0] === 'string') fields.stack = args[0];
    if (typeof message === 'object' && message !== null) {
      this.root[level]({ ...fields, ...(message as Record<string, unknown>) });
      return;
    }
    this.root[level](fields, String(message));
  }
}
