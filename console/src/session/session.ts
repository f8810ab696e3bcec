/**
 * Who is signed in. The token is held by the API client in memory only; this store keeps the
 * signed-in user (`GET /me`), renews the token shortly before it expires while the tab is in
 * use (`POST /auth/refresh`), and ends the session when the token lapses or the API answers
 * 401. An ended session keeps the page as it was under a sign-in dialog: the same person signs
 * in again and carries on with what they typed; only signing out forgets it.
 */
import { useSyncExternalStore } from 'react';
import { api, setAccessToken, unwrap, whenEnrolmentRequired, whenUnauthorized } from '../api/client';
import { ApiProblem } from '../api/problem';
import type { Me } from '../api/types';

export type SignOutReason = 'user' | 'expired';

export interface Token {
  accessToken: string;
  expiresIn: number;
}

export type Session =
  | { phase: 'signed-out'; reason?: SignOutReason }
  /** `renewable`: false once the exchange has shortened the token (the longest session is near) or the tab sat unused. */
  | { phase: 'signed-in'; me: Me; expiresAt: number; renewable: boolean }
  /** The token lapsed: the page stays, under a dialog, until `me` signs in again (or signs out). */
  | { phase: 'expired'; me: Me };

/** Renewed this long before the token expires: time enough for a retry or two on a slow network. */
export const RENEW_BEFORE_MS = 90_000;
/** A failed renewal (the network, not a refusal) is tried again this much later, while the token lasts. */
export const RENEW_RETRY_MS = 15_000;
/** What counts as using the tab: a key, a click or a touch, a scroll of the wheel. */
const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'wheel', 'touchstart'] as const;

let session: Session = { phase: 'signed-out' };
const listeners = new Set<() => void>();
const signOutHooks = new Set<() => void>();
let expiryTimer: ReturnType<typeof setTimeout> | undefined;
let renewTimer: ReturnType<typeof setTimeout> | undefined;
/** The lifetime of the session's first token: a renewal that answers less is the last one. */
let fullLifetime = 0;
let issuedAt = 0;
let lastActivity = 0;
/** The renewal came due while the tab was unused: the next use renews at once. */
let renewalWaitsForUse = false;
let renewing: Promise<void> | null = null;
/** Changes with every token taken and every sign-out: a renewal answered for an earlier one is dropped. */
let generation = 0;

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

/**
 * Throws the API's problem: 401 `UNAUTHENTICATED` for bad credentials, 401 `TOTP_REQUIRED` when
 * the account has a second factor and no `totp` was given, 401 `TOTP_INVALID`, 429 when rate-limited.
 */
export async function signIn(email: string, password: string, totp?: string): Promise<void> {
  const token = await unwrap(api.POST('/api/v1/auth/login', { body: { email, password, ...(totp ? { totp } : {}) } }));
  const previous = session;
  setAccessToken(token.accessToken);
  try {
    const me = await unwrap(api.GET('/api/v1/me'));
    // Someone else signing in where a session lapsed: nothing of the last person's page stays.
    if (previous.phase === 'expired' && previous.me.user.id !== me.user.id) for (const hook of signOutHooks) hook();
    fullLifetime = token.expiresIn;
    start(token, me);
  } catch (error) {
    setAccessToken(null);
    throw error;
  }
}

/** After enrolling a second factor: the exchange answered a full token for the same session. */
export async function continueWith(token: Token): Promise<void> {
  setAccessToken(token.accessToken);
  start(token, await unwrap(api.GET('/api/v1/me')));
}

/** Reads `GET /me` again (the organisation's requirement or the person's factor changed). */
export async function reloadMe(): Promise<void> {
  if (session.phase !== 'signed-in') return;
  const me = await unwrap(api.GET('/api/v1/me'));
  if (session.phase === 'signed-in') publish({ ...session, me });
}

export function signOut(reason: SignOutReason): void {
  if (session.phase === 'signed-out') return;
  if (reason === 'expired' && session.phase === 'expired') return;
  clearTimers();
  generation += 1;
  setAccessToken(null);
  if (reason === 'expired' && session.phase === 'signed-in') return publish({ phase: 'expired', me: session.me });
  // An explicit sign-out forgets everything; an expiry keeps the page and resumable uploads for the same person.
  lastActivity = 0;
  for (const hook of signOutHooks) hook();
  publish({ phase: 'signed-out', reason });
}

function start(token: Token, me: Me): void {
  generation += 1;
  const now = Date.now();
  issuedAt = now;
  renewalWaitsForUse = false;
  const renewable = token.expiresIn >= fullLifetime;
  clearTimers();
  // Timers cap at 2^31 ms; tokens live at most an hour.
  expiryTimer = setTimeout(() => signOut('expired'), Math.max(0, token.expiresIn * 1000 - 1000));
  if (renewable) renewTimer = setTimeout(() => void renewalDue(), Math.max(0, token.expiresIn * 1000 - RENEW_BEFORE_MS));
  publish({ phase: 'signed-in', me, expiresAt: now + token.expiresIn * 1000, renewable });
}

function clearTimers(): void {
  clearTimeout(expiryTimer);
  clearTimeout(renewTimer);
  renewTimer = undefined;
  renewalWaitsForUse = false;
  // A renewal on its way belongs to the session being left; the next one starts its own.
  renewing = null;
}

/** Renews now if the tab was used since the token came; otherwise waits for the next use, or lets it lapse. */
function renewalDue(): Promise<void> {
  if (session.phase !== 'signed-in') return Promise.resolve();
  if (lastActivity <= issuedAt) {
    renewalWaitsForUse = true;
    return Promise.resolve();
  }
  return renew();
}

function renew(): Promise<void> {
  if (renewing) return renewing;
  const mine = generation;
  const current = () => mine === generation && session.phase === 'signed-in';
  const attempt = (async () => {
    renewalWaitsForUse = false;
    try {
      const token = await unwrap(api.POST('/api/v1/auth/refresh'));
      // Signed out, lapsed or someone else signed in meanwhile: this token is not theirs.
      if (!current() || session.phase !== 'signed-in') return;
      setAccessToken(token.accessToken);
      start(token, session.me);
    } catch (error) {
      if (!current() || session.phase !== 'signed-in') return;
      if (error instanceof ApiProblem && error.status === 401) return signOut('expired');
      // The network or the server: try again while the token lasts.
      if (Date.now() + RENEW_RETRY_MS < session.expiresAt - 1000) renewTimer = setTimeout(() => void renew(), RENEW_RETRY_MS);
    }
  })().finally(() => {
    if (renewing === attempt) renewing = null;
  });
  renewing = attempt;
  return attempt;
}

/** The tab is in use: remembered for the next renewal, or renews at once if one was waiting for it. */
export function noteActivity(): void {
  lastActivity = Date.now();
  if (renewalWaitsForUse && session.phase === 'signed-in' && Date.now() < session.expiresAt - 1000) void renew();
}

if (typeof window !== 'undefined') {
  for (const type of ACTIVITY_EVENTS) window.addEventListener(type, noteActivity, { capture: true, passive: true });
}

whenUnauthorized(() => signOut('expired'));
whenEnrolmentRequired(() => void reloadMe().catch(() => undefined));
