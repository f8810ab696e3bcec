// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api, currentAccessToken } from '../api/client';
import { getSession, onSignOut, signIn, signOut } from './session';

const TOKEN = 'header.payload.signature';
const ME = { user: { id: 'u', email: 'legal@examplegram.demo', name: 'Legal', roles: ['RESPONDER'] }, organisation: { id: 'o', name: 'Examplegram', kind: 'PROVIDER', country: 'US' } };

function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' } });
}

describe('the session', () => {
  const requests: Request[] = [];
  beforeEach(() => {
    requests.length = 0;
    localStorage.clear();
    sessionStorage.clear();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.stubGlobal('fetch', async (input: Request) => {
      requests.push(input);
      const path = new URL(input.url).pathname;
      if (path === '/api/v1/auth/login') return answer(200, { accessToken: TOKEN, tokenType: 'Bearer', expiresIn: 900 });
      if (path === '/api/v1/me') return input.headers.get('authorization') === `Bearer ${TOKEN}` ? answer(200, ME) : answer(401, { code: 'UNAUTHENTICATED' });
      if (path === '/api/v1/orders') return answer(401, { type: 'about:blank', title: 'Unauthorised', status: 401, detail: 'token expired', code: 'UNAUTHENTICATED' });
      return answer(404, {});
    });
  });
  afterEach(() => {
    signOut('user');
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('keeps the token in memory only, never in web storage', async () => {
    await signIn('legal@examplegram.demo', 'demo-password-123');
    expect(getSession()).toMatchObject({ phase: 'signed-in', me: ME });
    expect(currentAccessToken()).toBe(TOKEN);
    const stored = [localStorage, sessionStorage].flatMap((storage) => Array.from({ length: storage.length }, (_, i) => storage.getItem(storage.key(i)!) ?? ''));
    expect(stored.some((value) => value.includes(TOKEN))).toBe(false);
    expect(document.cookie).not.toContain(TOKEN);
  });

  it('ends when the token expires, with the reason for the sign-in page', async () => {
    await signIn('legal@examplegram.demo', 'demo-password-123');
    vi.advanceTimersByTime(899_000);
    expect(getSession()).toEqual({ phase: 'signed-out', reason: 'expired' });
    expect(currentAccessToken()).toBeNull();
  });

  it('ends when the API answers 401 to a signed-in request', async () => {
    await signIn('legal@examplegram.demo', 'demo-password-123');
    await api.GET('/api/v1/orders', {});
    expect(getSession()).toEqual({ phase: 'signed-out', reason: 'expired' });
  });

  it('runs the sign-out hooks only when the user signs out', async () => {
    const hook = vi.fn();
    const remove = onSignOut(hook);
    await signIn('legal@examplegram.demo', 'demo-password-123');
    vi.advanceTimersByTime(900_000);
    expect(hook).not.toHaveBeenCalled();
    await signIn('legal@examplegram.demo', 'demo-password-123');
    signOut('user');
    expect(hook).toHaveBeenCalledOnce();
    remove();
  });

  it('passes the API’s 401 on for wrong credentials, and stays signed out', async () => {
    vi.stubGlobal('fetch', async () => answer(401, { type: 'about:blank', title: 'Unauthorised', status: 401, detail: 'wrong e-mail or password', code: 'INVALID_CREDENTIALS' }));
    await expect(signIn('legal@examplegram.demo', 'nope')).rejects.toMatchObject({ status: 401 });
    expect(getSession().phase).toBe('signed-out');
    expect(currentAccessToken()).toBeNull();
  });
});
