/**
 * The one way the console talks to the API: typed by the paths generated from openapi.json,
 * with the bearer token attached. The token lives in this module's memory only (never in
 * localStorage or sessionStorage): a reload or a new tab asks for a new sign-in.
 */
import createClient from 'openapi-fetch';
import { ApiProblem } from './problem';
import type { paths } from './schema';

let accessToken: string | null = null;
let onUnauthorized: () => void = () => {};
let onEnrolmentRequired: () => void = () => {};

export function setAccessToken(token: string | null): void {
  accessToken = token;
}

export function currentAccessToken(): string | null {
  return accessToken;
}

/** Called when a signed-in request answers 401: the token expired or was revoked. */
export function whenUnauthorized(handler: () => void): void {
  onUnauthorized = handler;
}

/**
 * Called when a signed-in request answers 403 `TOTP_ENROLMENT_REQUIRED`: the organisation
 * started requiring a second factor, or the operator reset this person's, since the sign-in.
 */
export function whenEnrolmentRequired(handler: () => void): void {
  onEnrolmentRequired = handler;
}

/** For requests made outside the typed client (uploads): a 401 ends the session the same way. */
export function reportUnauthorized(): void {
  if (accessToken) onUnauthorized();
}

function isAuthRoute(url: string): boolean {
  return new URL(url, location.origin).pathname.startsWith('/api/v1/auth/');
}

// fetch is looked up on each call (not captured once), so tests can stand in for the network.
export const api = createClient<paths>({ baseUrl: '', fetch: (request) => globalThis.fetch(request) });

api.use({
  onRequest({ request }) {
    if (accessToken) request.headers.set('authorization', `Bearer ${accessToken}`);
    return request;
  },
  async onResponse({ request, response }) {
    // Only an answer to the token held now ends the session: a request sent with an earlier
    // token (before a renewal or a new sign-in) says nothing about the current one.
    if (response.status === 401 && accessToken && !isAuthRoute(request.url) && request.headers.get('authorization') === `Bearer ${accessToken}`) onUnauthorized();
    if (response.status === 403 && accessToken) {
      const problem = (await response
        .clone()
        .json()
        .catch(() => null)) as { code?: unknown } | null;
      if (problem?.code === 'TOTP_ENROLMENT_REQUIRED') onEnrolmentRequired();
    }
    return response;
  },
});

/** The data of a successful answer, or an ApiProblem (network failures included). */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (error) {
    throw ApiProblem.network(error);
  }
  if (!result.response.ok) throw ApiProblem.fromResponse(result.response.status, result.error);
  return result.data as T;
}

/** For what the typed client does not cover: binary answers (PDF, bundle). */
export async function fetchBinary(path: string): Promise<Blob> {
  let response: Response;
  try {
    response = await fetch(path, { headers: accessToken ? { authorization: `Bearer ${accessToken}` } : {} });
  } catch (error) {
    throw ApiProblem.network(error);
  }
  if (!response.ok) {
    if (response.status === 401) reportUnauthorized();
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    throw ApiProblem.fromResponse(response.status, body);
  }
  return response.blob();
}

/**
 * Headers for a state-changing request: the submission's Idempotency-Key (the form keeps it, so a
 * retry sends the same one: see ./submission), and the version acted on.
 */
export function transitionHeaders(version: number | undefined, key: string): Record<string, string> {
  const headers: Record<string, string> = { 'idempotency-key': key };
  if (version !== undefined) headers['if-match'] = `"${version}"`;
  return headers;
}

/** A random UUID v4; `crypto.randomUUID` exists only in secure contexts (https, localhost). */
export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
