import type { LoggerService } from '@nestjs/common';
import { pino, type Logger } from 'pino';
import type { LogLevel } from '../../config/app-config.js';
import { currentRequestId } from './request-context.js';

/**
 * One JSON logger for the whole process: fastify's request logs and Nest's application logs
 * both go through it, and every line written while serving a request carries its `requestId`.
 * Secrets are redacted by path as a second line of defence; the first is never logging them.
 */
export function createRootLogger(level: LogLevel): Logger {
  return pino({
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
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.privateKey', '*.accessToken'],
      censor: '[redacted]',
    },
  });
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
