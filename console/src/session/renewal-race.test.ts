// A renewal of the token still on its way when the session it was for ended (a sign-out and
// another person's sign-in, or a lapse and a new sign-in) must not land on the next session.
// @vitest-environment happy-dom
import { afterEach, expect, it, vi } from 'vitest';
import { currentAccessToken } from '../api/client';
import { getSession, noteActivity, RENEW_BEFORE_MS, signIn, signOut } from './session';

const me = (id: string) => ({ user: { id, email: `${id}@x.demo`, name: id, roles: ['RESPONDER'], totpEnabled: false }, organisation: { id: 'o', name: 'O', kind: 'PROVIDER', country: 'US', requireTotp: false }, totpEnrolmentRequired: false });
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' } });
afterEach(() => {
  signOut('user');
  vi.useRealTimers();
  vi.unstubAllGlobals();
});
const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
};

for (const variant of ['another person signs in', 'same person signs in after the lapse'] as const) {
  it(`drops a renewal answered after the session it was for ended (${variant})`, async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    let who = 'alice';
    let releaseRefresh: (r: Response) => void = () => {};
    vi.stubGlobal('fetch', async (input: Request) => {
      const path = new URL(input.url).pathname;
      if (path === '/api/v1/auth/login') return json(200, { accessToken: `token-of-${who}`, tokenType: 'Bearer', expiresIn: 900 });
      if (path === '/api/v1/auth/refresh') return new Promise<Response>((r) => (releaseRefresh = r));
      if (path === '/api/v1/me') return json(200, me(input.headers.get('authorization')!.slice('Bearer token-of-'.length).replace(/^renewed-/, '')));
      return json(404, {});
    });
    await signIn('alice@x.demo', 'pw');
    noteActivity();
    vi.advanceTimersByTime(1000);
    noteActivity();
    vi.advanceTimersByTime(900_000 - RENEW_BEFORE_MS);
    await settle(); // the refresh is now in flight, and hangs
    if (variant === 'another person signs in') { signOut('user'); who = 'bob'; }
    else { vi.advanceTimersByTime(RENEW_BEFORE_MS); expect(getSession().phase).toBe('expired'); }
    await signIn(`${who}@x.demo`, 'pw');
    expect(currentAccessToken()).toBe(`token-of-${who}`);
    releaseRefresh(variant === 'another person signs in'
      ? json(200, { accessToken: 'token-of-renewed-alice', tokenType: 'Bearer', expiresIn: 900 })
      : json(401, { type: 'about:blank', title: 'x', status: 401, detail: 'x', code: 'UNAUTHENTICATED' }));
    await settle();
    // The answer was for the session that ended: the new one keeps its own person and token.
    const s = getSession();
    expect(s.phase).toBe('signed-in');
    expect('me' in s ? s.me.user.id : null).toBe(who);
    expect(currentAccessToken()).toBe(`token-of-${who}`);
  });
}
