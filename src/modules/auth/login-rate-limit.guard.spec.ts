import type { ExecutionContext } from '@nestjs/common';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ApiError } from '../../common/errors/api-error.js';
import type { Clock } from '../../common/clock.js';
import { loadConfig } from '../../config/app-config.js';
import { LoginAttemptStore, MemoryLoginAttempts, type WindowCount } from './login-attempts.js';
import { LoginRateLimitGuard } from './login-rate-limit.guard.js';

/** A full collection, so the heap figures below are what is retained, not garbage yet to go. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

describe('LoginRateLimitGuard', () => {
  let now = Date.parse('2026-11-30T10:00:00Z');
  const clock = { now: () => new Date(now) } as Clock;
  const setup = (store: LoginAttemptStore = new MemoryLoginAttempts()) => {
    const guard = new LoginRateLimitGuard(loadConfig({ LOGIN_RATE_LIMIT: '2' }), clock, store);
    const headers: Record<string, string> = {};
    const attempt = (ip: string, email: unknown) =>
      guard.canActivate({
        switchToHttp: () => ({
          getRequest: () => ({ ip, body: { email } }),
          getResponse: () => ({ header: (name: string, value: string) => (headers[name] = value) }),
        }),
      } as unknown as ExecutionContext);
    return { attempt, headers, store };
  };

  it('allows the limit per account and client, then refuses until the window ends', async () => {
    const { attempt, headers } = setup();
    await expect(attempt('10.0.0.1', 'a@x.demo')).resolves.toBe(true);
    await expect(attempt('10.0.0.1', 'A@x.demo ')).resolves.toBe(true);
    await expect(attempt('10.0.0.1', 'a@x.demo')).rejects.toThrow(ApiError);
    expect(headers['retry-after']).toBe('60');
    await expect(attempt('10.0.0.2', 'a@x.demo')).resolves.toBe(true); // another client
    await expect(attempt('10.0.0.1', 'b@x.demo')).resolves.toBe(true); // another account
    now += 60_000;
    await expect(attempt('10.0.0.1', 'a@x.demo')).resolves.toBe(true);
  });

  it('caps one client over all accounts at ten times the limit', async () => {
    const { attempt } = setup();
    for (let i = 0; i < 20; i++) await expect(attempt('10.9.9.9', `user${i}@x.demo`)).resolves.toBe(true);
    await expect(attempt('10.9.9.9', 'user99@x.demo')).rejects.toThrow(/Too many login attempts/);
  });

  it('refuses an e-mail over 254 characters with 400 before anything is counted', async () => {
    const { attempt, store } = setup();
    await expect(attempt('10.0.0.3', `${'a'.repeat(250)}@x.demo`)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', extensions: { errors: [{ field: 'email' }] } });
    expect((store as MemoryLoginAttempts).size).toBe(0);
  });

  it('keeps only a 32-byte digest per key, never the e-mail or the client address', async () => {
    const keys: Buffer[] = [];
    const memory = new MemoryLoginAttempts();
    const spy = new (class extends LoginAttemptStore {
      hit(key: Buffer, at: Date): Promise<WindowCount> {
        keys.push(key);
        return memory.hit(key, at);
      }
    })();
    await setup(spy).attempt('10.0.0.4', 'someone@x.demo');
    expect(keys.map((key) => key.length)).toEqual([32, 32]);
    expect(keys.some((key) => key.toString('latin1').includes('someone'))).toBe(false);
  });

  it('holds memory flat under 400 logins with 200 kB e-mails from one stranger', async () => {
    const { attempt, store } = setup();
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    const outcomes = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const email = `${String(i).padStart(4, '0')}${'x'.repeat(200_000)}@x.demo`;
      outcomes.add(await Promise.resolve().then(() => attempt('10.6.6.6', email)).then(() => 'allowed', (error: ApiError) => error.code));
    }
    collectGarbage();
    const grownMiB = (process.memoryUsage().heapUsed - before) / 2 ** 20;
    expect([...outcomes]).toEqual(['VALIDATION_FAILED']);
    expect(grownMiB).toBeLessThan(60);
    expect((store as MemoryLoginAttempts).size).toBe(0);
  });

  it('never holds more keys than its capacity, whatever strangers send', async () => {
    const store = new MemoryLoginAttempts(100);
    const { attempt } = setup(store);
    for (let i = 0; i < 1_000; i++) await attempt(`10.7.${i >> 8}.${i & 255}`, `user${i}@x.demo`).catch(() => undefined);
    expect(store.size).toBe(100);
  });
});
