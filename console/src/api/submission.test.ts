import { describe, expect, it } from 'vitest';
import { ApiProblem } from './problem';
import { Submission, type NamedRequest } from './submission';

const withdraw = (reason: string): NamedRequest => ({ method: 'POST', path: '/api/v1/orders/o1/withdraw', body: { reason } });

/** Sends `request` and answers with `outcome` (or throws it), recording the key each attempt carried. */
function attempt(submission: Submission, keys: string[], request: NamedRequest, outcome: unknown = { ok: true }) {
  return submission.send(request, async (key) => {
    keys.push(key);
    if (outcome instanceof Error) throw outcome;
    return outcome;
  });
}

const networkFailure = ApiProblem.network(new TypeError('Failed to fetch'));

describe('one Idempotency-Key per submission', () => {
  it('sends a retry after a network failure with the same key, and a new one once it succeeded', async () => {
    const submission = new Submission();
    const keys: string[] = [];
    await expect(attempt(submission, keys, withdraw('Case closed'), networkFailure)).rejects.toBe(networkFailure);
    await attempt(submission, keys, withdraw('Case closed'));
    await attempt(submission, keys, withdraw('Case closed'));
    expect(keys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(keys[1]).toBe(keys[0]);
    // The first succeeded: sending the same words again is a new request.
    expect(keys[2]).not.toBe(keys[0]);
  });

  it('takes a new key when what is sent changed, and names a body by its content, not its key order', async () => {
    const submission = new Submission();
    const keys: string[] = [];
    await attempt(submission, keys, withdraw('Case closed'), networkFailure).catch(() => {});
    await attempt(submission, keys, withdraw('Case closed, suspect charged'), networkFailure).catch(() => {});
    await attempt(submission, keys, { ...withdraw('x'), body: { a: 1, b: [1, 2] } }, networkFailure).catch(() => {});
    await attempt(submission, keys, { ...withdraw('x'), body: { b: [1, 2], a: 1 } }, networkFailure).catch(() => {});
    await attempt(submission, keys, { ...withdraw('x'), body: { b: [2, 1], a: 1 } }, networkFailure).catch(() => {});
    await attempt(submission, keys, { ...withdraw('x'), path: '/api/v1/orders/o2/withdraw', body: { b: [2, 1], a: 1 } }, networkFailure).catch(() => {});
    expect(new Set(keys).size).toBe(5);
    expect(keys[1]).not.toBe(keys[0]);
    expect(keys[3]).toBe(keys[2]);
    expect(keys[4]).not.toBe(keys[3]);
    expect(keys[5]).not.toBe(keys[4]);
  });

  it('keeps the key after answers the exchange does not keep, and drops it after a final refusal', async () => {
    const submission = new Submission();
    const keys: string[] = [];
    const passing = [
      new ApiProblem(409, 'IDEMPOTENCY_REQUEST_IN_FLIGHT', '', ''),
      new ApiProblem(412, 'ORDER_VERSION_MISMATCH', '', ''),
      new ApiProblem(429, 'RATE_LIMITED', '', ''),
      new ApiProblem(502, 'HTTP_502', '', ''),
      new ApiProblem(503, 'UNAVAILABLE', '', ''),
      new Error('not an answer from the exchange'),
    ];
    for (const outcome of passing) await attempt(submission, keys, withdraw('Case closed'), outcome).catch(() => {});
    expect(new Set(keys).size).toBe(1);
    // A refusal the exchange stored would only be replayed with that key: nothing was done, the next try is checked afresh.
    await attempt(submission, keys, withdraw('Case closed'), new ApiProblem(403, 'FORBIDDEN', '', '')).catch(() => {});
    await attempt(submission, keys, withdraw('Case closed'), new ApiProblem(422, 'IDEMPOTENCY_KEY_REUSED', '', '')).catch(() => {});
    await attempt(submission, keys, withdraw('Case closed'));
    const [refused, reused, sent] = keys.slice(-3);
    expect(refused).toBe(keys[0]);
    expect(reused).not.toBe(refused);
    expect(sent).not.toBe(reused);
  });

  it('sends one request for a double submission: the second, while the first is on its way, sends nothing', async () => {
    const submission = new Submission();
    const keys: string[] = [];
    let answer!: (value: string) => void;
    const settled: string[] = [];
    const first = submission.send(withdraw('Case closed'), (key) => {
      keys.push(key);
      return new Promise<string>((resolve) => (answer = resolve));
    });
    void first.then((value) => settled.push(`first: ${value}`));
    void submission.send(withdraw('Case closed'), async (key) => {
      keys.push(key);
      return 'second';
    }).then((value) => settled.push(`second: ${value}`));
    expect(keys).toHaveLength(1);
    answer('done');
    await first;
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(settled).toEqual(['first: done']);
    // Once the first answered, the form sends again (a new request: the first succeeded).
    await attempt(submission, keys, withdraw('Case closed'));
    expect(keys).toHaveLength(2);
    expect(keys[1]).not.toBe(keys[0]);
  });
});
