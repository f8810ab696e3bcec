import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { AppConfig } from '../../config/app-config.js';
import { ApiError, validationError } from '../../common/errors/api-error.js';
import { Clock } from '../../common/clock.js';
import { LOGIN_WINDOW_MS, LoginAttemptStore, type WindowCount } from './login-attempts.js';

/** One client address may try this many times the per-account limit over all e-mail addresses. */
const CLIENT_FACTOR = 10;
/** RFC 5321's longest path: no e-mail address is longer, so nothing longer is worth counting. */
export const MAX_EMAIL_LENGTH = 254;

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * Slows password guessing (ASVS 2.4.1): `LOGIN_RATE_LIMIT` attempts per minute for one e-mail
 * address from one client address, and ten times that for the client address over all
 * addresses. Guards run before validation, so the e-mail is length-checked here, and only a
 * SHA-256 of it is ever kept: a stranger's attempt costs the store 32 bytes, however long
 * the address. Counts live in PostgreSQL when the instances share a server (every instance
 * sees the same counts), in a bounded map in embedded mode (one process by design).
 *
 * A guard rather than @fastify/rate-limit: that plugin keys requests in onRequest, before the
 * body is parsed, and would need a second registration and a callback store adapter for the
 * two limits; this is the same fixed-window counting over the store the app already has.
 */
@Injectable()
export class LoginRateLimitGuard implements CanActivate {
  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly store: LoginAttemptStore,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const body = request.body as { email?: unknown } | undefined;
    const email = body?.email;
    if (typeof email === 'string' && email.length > MAX_EMAIL_LENGTH) {
      throw validationError([{ field: 'email', message: `must be at most ${MAX_EMAIL_LENGTH} characters long, the longest an e-mail address can be` }]);
    }
    // Password logins count per e-mail address; certificate logins (no e-mail) per client address.
    const account = typeof email === 'string' ? email.trim().toLowerCase() : '(certificate)';
    const now = this.clock.now();
    // The client first: once it is over its limit, its attempts create no per-account keys.
    let wait = this.wait(await this.store.hit(digest(`client|${request.ip}`), now), this.config.loginRateLimit * CLIENT_FACTOR, now);
    if (wait === 0) wait = this.wait(await this.store.hit(digest(`account|${request.ip}|${account}`), now), this.config.loginRateLimit, now);
    if (wait > 0) {
      void context.switchToHttp().getResponse<FastifyReply>().header('retry-after', String(Math.ceil(wait / 1000)));
      throw new ApiError('RATE_LIMITED', 'Too many login attempts; wait a minute before trying again.');
    }
    return true;
  }

  /** 0 when the attempt is allowed, else the milliseconds until its window ends. */
  private wait(count: WindowCount, limit: number, now: Date): number {
    return count.attempts > limit ? Math.max(1, count.windowStart.getTime() + LOGIN_WINDOW_MS - now.getTime()) : 0;
  }
}
