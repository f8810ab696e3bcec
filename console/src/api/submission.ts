/**
 * One Idempotency-Key per submission, not per click. The exchange names a request by its method,
 * path and JSON body (docs/api.md, "Idempotency-Key"): the same key with the same request is
 * answered from its record (or 409 while the first is still at work), never carried out twice;
 * the same key with another request is refused (422 IDEMPOTENCY_KEY_REUSED). So a form keeps its
 * key while the fate of what it sent is unknown (the network failed, the answer was lost, the
 * exchange answered something it does not keep), and a retry of the same request sends it again;
 * it takes a new key once the exchange gave its final answer, or when the user changed what they
 * send: that is a new request.
 */
import { useState } from 'react';
import { randomId } from './client';
import { ApiProblem } from './problem';

/** What the exchange recognises a request by: If-Match and the other headers are not part of it. */
export interface NamedRequest {
  method: 'POST' | 'PATCH';
  /** The path with its ids filled in. */
  path: string;
  body: unknown;
}

/**
 * Answers the exchange does not keep (a passing state: a conflict, a stale version, too many
 * requests, an interrupted upload, a server error) free the key for a retry, and a request whose
 * answer never came may have been done. Either way the same request goes again with the same key.
 */
const PASSING_STATUSES = new Set([409, 412, 429]);

function outcomeOpen(error: unknown): boolean {
  if (!(error instanceof ApiProblem)) return true;
  return error.status === 0 || error.status >= 500 || PASSING_STATUSES.has(error.status) || error.code === 'UPLOAD_INTERRUPTED';
}

/** A JSON value with its object keys sorted, so two bodies that differ only in key order name the same request. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, member: unknown) =>
    member && typeof member === 'object' && !Array.isArray(member)
      ? Object.fromEntries(Object.entries(member as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : member,
  );
}

/** The key of one form's submissions (framework-free, for the hook below and for tests). */
export class Submission {
  private held: { name: string; key: string } | null = null;
  private sending = false;

  /**
   * Sends `request` through `call`, which puts the key in `Idempotency-Key`. While an earlier
   * submission of this form is on its way, another (a double click, Enter pressed twice) sends
   * nothing, and its promise never settles: what follows it in the form runs once, for the first.
   */
  send<T>(request: NamedRequest, call: (key: string) => Promise<T>): Promise<T> {
    if (this.sending) return new Promise<T>(() => {});
    const name = canonical([request.method, request.path, request.body ?? null]);
    if (this.held?.name !== name) this.held = { name, key: randomId() };
    const held = this.held;
    this.sending = true;
    const forget = () => {
      if (this.held === held) this.held = null;
    };
    return (async () => {
      try {
        const answer = await call(held.key);
        forget();
        return answer;
      } catch (error) {
        // A final refusal was stored by the exchange and would only be replayed: nothing was done,
        // so a new attempt is a new request, checked afresh.
        if (!outcomeOpen(error)) forget();
        throw error;
      } finally {
        this.sending = false;
      }
    })();
  }
}

/** The form's Submission, kept for as long as the form is on the page. */
export function useSubmission(): Submission {
  const [submission] = useState(() => new Submission());
  return submission;
}
