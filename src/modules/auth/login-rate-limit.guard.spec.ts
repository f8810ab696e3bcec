import type { ExecutionContext } from '@nestjs/common';
import { ApiError } from '../../common/errors/api-error.js';
import type { Clock } from '../../common/clock.js';
import { loadConfig } from '../../config/app-config.js';
import { LoginRateLimitGuard } from './login-rate-limit.guard.js';

describe('LoginRateLimitGuard', () => {
  let now = Date.parse('2026-11-30T10:00:00Z');
  const clock = { now: () => new Date(now) } as Clock;
  const guard = new LoginRateLimitGuard(loadConfig({ LOGIN_RATE_LIMIT: '2' }), clock);
  const headers: Record<string, string> = {};
  const attempt = (ip: string, email: string) =>
    guard.canActivate({
      switchToHttp: () => ({
        getRequest: () => ({ ip, body: { email } }),
        getResponse: () => ({ header: (name: string, value: string) => (headers[name] = value) }),
      }),
    } as unknown as ExecutionContext);

  it('allows the limit per account and client, then refuses until the window ends', () => {
    expect(attempt('10.0.0.1', 'a@x.demo')).toBe(true);
    expect(attempt('10.0.0.1', 'A@x.demo ')).toBe(true);
    expect(() => attempt('10.0.0.1', 'a@x.demo')).toThrow(ApiError);
    expect(headers['retry-after']).toBe('60');
    expect(attempt('10.0.0.2', 'a@x.demo')).toBe(true); // another client
    expect(attempt('10.0.0.1', 'b@x.demo')).toBe(true); // another account
    now += 60_000;
    expect(attempt('10.0.0.1', 'a@x.demo')).toBe(true);
  });

  it('caps one client over all accounts at ten times the limit', () => {
    now += 60_000;
    for (let i = 0; i < 20; i++) expect(attempt('10.9.9.9', `user${i}@x.demo`)).toBe(true);
    expect(() => attempt('10.9.9.9', 'user99@x.demo')).toThrow(/Too many login attempts/);
  });
});
