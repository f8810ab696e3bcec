import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../../config/app-config.js';
import { ApiError } from '../../common/errors/api-error.js';
import { Clock } from '../../common/clock.js';

const WINDOW_MS = 60_000;
/** One client address may try this many times the per-account limit over all e-mail addresses. */
const CLIENT_FACTOR = 10;

/**
 * Slows password guessing (ASVS 2.4.1): `LOGIN_RATE_LIMIT` attempts per minute for one e-mail
 * address from one client address, and ten times that for the client address over all
 * addresses. Counted in memory per instance, in fixed one-minute windows; a deployment with
 * several instances behind a balancer divides the guarantee by their number.
 *
 * Written here rather than taken from @nestjs/throttler (CommonJS requiring ESM-only Nest 12,
 * which jest on Node 20 cannot load) or @fastify/rate-limit (its limits are fixed per route at
 * registration, before the configuration is known).
 */
@Injectable()
export class LoginRateLimitGuard implements CanActivate {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const body = request.body as { email?: unknown } | undefined;
    // Password logins count per e-mail address; certificate logins (no e-mail) per client address.
    const email = typeof body?.email === 'string' ? body.email.trim().toLowerCase() : '(certificate)';
    const now = this.clock.now().getTime();
    this.sweep(now);
    const waits = [
      this.hit(`account|${request.ip}|${email}`, this.config.loginRateLimit, now),
      this.hit(`client|${request.ip}`, this.config.loginRateLimit * CLIENT_FACTOR, now),
    ];
    const wait = Math.max(...waits);
    if (wait > 0) {
      void context.switchToHttp().getResponse<FastifyReply>().header('retry-after', String(Math.ceil(wait / 1000)));
      throw new ApiError('RATE_LIMITED', 'Too many login attempts; wait a minute before trying again.');
    }
    return true;
  }

  /** Counts one attempt; returns 0 when allowed, else the milliseconds until the window ends. */
  private hit(key: string, limit: number, now: number): number {
    let window = this.windows.get(key);
    if (!window || now - window.startedAt >= WINDOW_MS) {
      window = { startedAt: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    return window.count > limit ? window.startedAt + WINDOW_MS - now : 0;
  }

  /** Forgets ended windows so the map cannot grow without bound. */
  private sweep(now: number): void {
    if (this.windows.size < 1000) return;
    for (const [key, window] of this.windows) if (now - window.startedAt >= WINDOW_MS) this.windows.delete(key);
  }
}
