// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api, currentAccessToken } from '../api/client';
import { getSession, noteActivity, onSignOut, RENEW_BEFORE_MS, RENEW_RETRY_MS, signIn, signOut } from './session';

const TOKEN = 'header.payload.signature';
const ME = {
  user: { id: 'u', email: 'legal@examplegram.demo', name: 'Legal', roles: ['RESPONDER'], totpEnabled: false },
  organisation: { id: 'o', name: 'Examplegram', kind: 'PROVIDER', country: 'US', requireTotp: false },
  totpEnrolmentRequired: false,
};

function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' } });
}
const problem = (status: number, code: string) => answer(status, { type: `urn:evx:problem:${code.toLowerCase()}`, title: code, status, detail: code, code });

describe('the session', () => {
  const requests: { path: string; authorization: string | null; body: unknown }[] = [];
  /** What POST /auth/refresh answers next; each renewal issues a new token. */
  let refresh: () => Response;
  let renewals = 0;
  /** The bearer tokens GET /me accepts. */
  const valid = new Set<string>();

  beforeEach(() => {
    requests.length = 0;
    renewals = 0;
    valid.clear();
    valid.add(TOKEN);
    localStorage.clear();
    sessionStorage.clear();
    refresh = () => {
      renewals += 1;
      valid.add(`renewed-${renewals}`);
      return answer(200, { accessToken: `renewed-${renewals}`, tokenType: 'Bearer', expiresIn: 900 });
    };
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.stubGlobal('fetch', async (input: Request) => {
      const path = new URL(input.url).pathname;
      const body = input.method === 'POST' ? await input.clone().json().catch(() => null) : null;
      const authorization = input.headers.get('authorization');
      requests.push({ path, authorization, body });
      if (path === '/api/v1/auth/login') return answer(200, { accessToken: TOKEN, tokenType: 'Bearer', expiresIn: 900 });
      if (path === '/api/v1/auth/refresh') return refresh();
      if (path === '/api/v1/me') return authorization && valid.has(authorization.slice(7)) ? answer(200, ME) : problem(401, 'UNAUTHENTICATED');
      if (path === '/api/v1/orders') return problem(401, 'UNAUTHENTICATED');
      return answer(404, {});
    });
  });
  afterEach(() => {
    signOut('user');
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  /** Lets the requests the timers started finish (the fetch stand-in reads bodies on the real event loop). */
  const settle = async () => {
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
  };

  it('keeps the token in memory only, never in web storage', async () => {
    await signIn('legal@examplegram.demo', 'demo-password-123');
    expect(getSession()).toMatchObject({ phase: 'signed-in', me: ME, renewable: true });
    expect(currentAccessToken()).toBe(TOKEN);
    const stored = [localStorage, sessionStorage].flatMap((storage) => Array.from({ length: storage.length }, (_, i) => storage.getItem(storage.key(i)!) ?? ''));
    expect(stored.some((value) => value.includes(TOKEN))).toBe(false);
    expect(document.cookie).not.toContain(TOKEN);
  });

  it('sends the one-time code with the password when given, and passes TOTP_REQUIRED on', async () => {
    await signIn('legal@examplegram.demo', 'demo-password-123', '123456');
    expect(requests[0]).toMatchObject({ path: '/api/v1/auth/login', body: { email: 'legal@examplegram.demo', password: 'demo-password-123', totp: '123456' } });
    signOut('user');
    vi.stubGlobal('fetch', async () => problem(401, 'TOTP_REQUIRED'));
    await expect(signIn('legal@examplegram.demo', 'demo-password-123')).rejects.toMatchObject({ status: 401, code: 'TOTP_REQUIRED' });
    expect(getSession().phase).toBe('signed-out');
    expect(currentAccessToken()).toBeNull();
  });

  it('renews the token a minute and a half before it expires while the tab is in use, and goes on with the new one', async () => {
    await signIn('legal@examplegram.demo', 'demo-password-123');
    vi.advanceTimersByTime(60_000);
    noteActivity();
    await vi.advanceTimersByTimeAsync(900_000 - RENEW_BEFORE_MS - 60_000 - 1);
    expect(renewals).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    expect(renewals).toBe(1);
    expect(requests.find((request) => request.path === '/api/v1/auth/refresh')?.authorization).toBe(`Bearer ${TOKEN}`);
    expect(currentAccessToken()).toBe('renewed-1');
    expect(getSession()).toMatchObject({ phase: 'signed-in', expiresAt: Date.now() + 900_000, renewable: true });
    // Past the first token's end, still signed in; used again, renewed again.
    vi.advanceTimersByTime(1_000);
    noteActivity();
    await vi.advanceTimersByTimeAsync(900_000 - RENEW_BEFORE_MS - 1_000);
    await settle();
    expect(renewals).toBe(2);
    expect(getSession().phase).toBe('signed-in');
  });

  it('lets an unused tab’s token lapse, keeping the page under the sign-in dialog; a use before the end renews at once', async () => {
    await signIn('legal@examplegram.demo', 'demo-password-123');
    await vi.advanceTimersByTimeAsync(900_000 - RENEW_BEFORE_MS + 1_000);
    expect(renewals).toBe(0);
    // Used again before it lapsed: renewed there and then.
    noteActivity();
    await settle();
    expect(renewals).toBe(1);
    // Never used again: it lapses.
    await vi.advanceTimersByTimeAsync(900_000);
    expect(renewals).toBe(1);
    expect(getSession()).toEqual({ phase: 'expired', me: ME });
    expect(currentAccessToken()).toBeNull();
  });

  it('stops renewing once the exchange shortens the token (the longest session is near)', async () => {
    refresh = () => {
      renewals += 1;
      return answer(200, { accessToken: 'last', tokenType: 'Bearer', expiresIn: 300 });
    };
    await signIn('legal@examplegram.demo', 'demo-password-123');
    vi.advanceTimersByTime(1_000);
    noteActivity();
    await vi.advanceTimersByTimeAsync(900_000 - RENEW_BEFORE_MS - 1_000);
    await settle();
    expect(renewals).toBe(1);
    expect(getSession()).toMatchObject({ phase: 'signed-in', renewable: false });
    vi.advanceTimersByTime(1_000);
    noteActivity();
    await vi.advanceTimersByTimeAsync(300_000);
    expect(renewals).toBe(1);
    expect(getSession().phase).toBe('expired');
  });

  it('ends the session when the renewal is refused, and tries again after a network failure', async () => {
    let failures = 1;
    refresh = () => {
      renewals += 1;
      if (failures-- > 0) throw new TypeError('Failed to fetch');
      return problem(401, 'UNAUTHENTICATED');
    };
    await signIn('legal@examplegram.demo', 'demo-password-123');
    vi.advanceTimersByTime(1_000);
    noteActivity();
    await vi.advanceTimersByTimeAsync(900_000 - RENEW_BEFORE_MS - 1_000);
    await settle();
    expect(renewals).toBe(1);
    expect(getSession().phase).toBe('signed-in');
    await vi.advanceTimersByTimeAsync(RENEW_RETRY_MS);
    await settle();
    expect(renewals).toBe(2);
    expect(getSession()).toEqual({ phase: 'expired', me: ME });
  });

  it('lapses when the API answers 401 to a signed-in request, and the same person resumes with the page kept', async () => {
    const hook = vi.fn();
    const remove = onSignOut(hook);
    await signIn('legal@examplegram.demo', 'demo-password-123');
    await api.GET('/api/v1/orders', {});
    expect(getSession()).toEqual({ phase: 'expired', me: ME });
    await signIn('legal@examplegram.demo', 'demo-password-123');
    expect(getSession()).toMatchObject({ phase: 'signed-in', me: ME });
    expect(hook).not.toHaveBeenCalled();
    remove();
  });

  it('forgets everything when the user signs out, or when someone else signs in after a lapse', async () => {
    const hook = vi.fn();
    const remove = onSignOut(hook);
    await signIn('legal@examplegram.demo', 'demo-password-123');
    vi.advanceTimersByTime(900_000);
    expect(getSession().phase).toBe('expired');
    expect(hook).not.toHaveBeenCalled();
    const other = { ...ME, user: { ...ME.user, id: 'someone-else' } };
    vi.stubGlobal('fetch', async (input: Request) =>
      new URL(input.url).pathname === '/api/v1/me' ? answer(200, other) : answer(200, { accessToken: TOKEN, tokenType: 'Bearer', expiresIn: 900 }),
    );
    await signIn('other@examplegram.demo', 'demo-password-123');
    expect(hook).toHaveBeenCalledOnce();
    signOut('user');
    expect(hook).toHaveBeenCalledTimes(2);
    expect(getSession()).toEqual({ phase: 'signed-out', reason: 'user' });
    remove();
  });

  it('passes the API’s 401 on for wrong credentials, and stays signed out', async () => {
    vi.stubGlobal('fetch', async () => answer(401, { type: 'about:blank', title: 'Unauthorised', status: 401, detail: 'wrong e-mail or password', code: 'INVALID_CREDENTIALS' }));
    await expect(signIn('legal@examplegram.demo', 'nope')).rejects.toMatchObject({ status: 401 });
    expect(getSession().phase).toBe('signed-out');
    expect(currentAccessToken()).toBeNull();
  });

  // A renewal still on its way when the session it was for ended must not land on the next one.
  for (const variant of ['another person signs in', 'the same person signs in after the lapse'] as const) {
    it(`drops a renewal answered after the session it was for ended (${variant})`, async () => {
      let who = 'alice';
      let releaseRefresh: (response: Response) => void = () => {};
      const person = (id: string) => ({ ...ME, user: { ...ME.user, id, email: `${id}@x.demo` } });
      vi.stubGlobal('fetch', async (input: Request) => {
        const path = new URL(input.url).pathname;
        if (path === '/api/v1/auth/login') return answer(200, { accessToken: `token-of-${who}`, tokenType: 'Bearer', expiresIn: 900 });
        if (path === '/api/v1/auth/refresh') return new Promise<Response>((resolve) => (releaseRefresh = resolve));
        if (path === '/api/v1/me') return answer(200, person(input.headers.get('authorization')!.slice('Bearer token-of-'.length)));
        return answer(404, {});
      });
      await signIn('alice@x.demo', 'pw');
      noteActivity();
      vi.advanceTimersByTime(1000);
      noteActivity();
      vi.advanceTimersByTime(900_000 - RENEW_BEFORE_MS);
      await settle(); // the refresh is now in flight, and hangs
      if (variant === 'another person signs in') {
        signOut('user');
        who = 'bob';
      } else {
        vi.advanceTimersByTime(RENEW_BEFORE_MS);
        expect(getSession().phase).toBe('expired');
      }
      await signIn(`${who}@x.demo`, 'pw');
      expect(currentAccessToken()).toBe(`token-of-${who}`);
      releaseRefresh(variant === 'another person signs in' ? answer(200, { accessToken: 'token-of-renewed-alice', tokenType: 'Bearer', expiresIn: 900 }) : problem(401, 'UNAUTHENTICATED'));
      await settle();
      // The answer was for the session that ended: the new one keeps its own person and token.
      const now = getSession();
      expect(now.phase).toBe('signed-in');
      expect('me' in now ? now.me.user.id : null).toBe(who);
      expect(currentAccessToken()).toBe(`token-of-${who}`);
    });
  }
});
