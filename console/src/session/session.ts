/**
 * Who is signed in. The token is held by the API client in memory only; this store keeps the
 * signed-in user (`GET /me`) and ends the session when the token expires or the API answers 401,
 * sending the user back to the sign-in form with a message.
 */
import { useSyncExternalStore } from 'react';
import { api, setAccessToken, unwrap, whenUnauthorized } from '../api/client';
import type { Me } from '../api/types';

export type SignOutReason = 'user' | 'expired';

export type Session = { phase: 'signed-out'; reason?: SignOutReason } | { phase: 'signed-in'; me: Me; expiresAt: number };

let session: Session = { phase: 'signed-out' };
const listeners = new Set<() => void>();
const signOutHooks = new Set<() => void>();
let expiryTimer: ReturnType<typeof setTimeout> | undefined;

function publish(next: Session): void {
  session = next;
  for (const listener of listeners) listener();
}

export function getSession(): Session {
  return session;
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSession(): Session {
  return useSyncExternalStore(subscribeSession, getSession);
}

/** Work to forget on sign-out (cached lists, pending uploads). */
export function onSignOut(hook: () => void): () => void {
  signOutHooks.add(hook);
  return () => signOutHooks.delete(hook);
}

/** Throws the API's problem (401 for bad credentials, 429 when rate-limited). */
export async function signIn(email: string, password: string): Promise<void> {
  const token = await unwrap(api.POST('/api/v1/auth/login', { body: { email, password } }));
  setAccessToken(token.accessToken);
  try {
    const me = await unwrap(api.GET('/api/v1/me'));
    const expiresAt = Date.now() + token.expiresIn * 1000;
    clearTimeout(expiryTimer);
    // Timers cap at 2^31 ms; tokens live at most an hour.
    expiryTimer = setTimeout(() => signOut('expired'), Math.max(0, token.expiresIn * 1000 - 1000));
    publish({ phase: 'signed-in', me, expiresAt });
  } catch (error) {
    setAccessToken(null);
    throw error;
  }
}

export function signOut(reason: SignOutReason): void {
  if (session.phase === 'signed-out') return;
  clearTimeout(expiryTimer);
  setAccessToken(null);
  // An explicit sign-out forgets everything; an expiry keeps resumable uploads for the next sign-in.
  if (reason === 'user') for (const hook of signOutHooks) hook();
  publish({ phase: 'signed-out', reason });
}

whenUnauthorized(() => signOut('expired'));
