import { jest } from '@jest/globals';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, QueryFailedError } from 'typeorm';
import { IdempotencyService } from '../src/common/idempotency/idempotency.service.js';
import { CombinedStatement } from '../src/database/combined-statement.js';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner.js';
import { LogRepository } from '../src/modules/log/log.repository.js';
import { LogSequencer } from '../src/modules/log/log-sequencer.service.js';
import { StepSigningService } from '../src/modules/ledger/step-signing.service.js';
import { OrdersRepository } from '../src/modules/orders/orders.repository.js';
import { OrdersService } from '../src/modules/orders/orders.service.js';
import { DEMO } from './support/demo-accounts.js';
import { demoDirectory, orderBody, ordersClient, expectStatus as ok } from './support/orders.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { waitFor } from './support/wait-for.js';

/**
 * A step with nothing to do under the order's lock (an acknowledgement) is written as one
 * statement of its own, without BEGIN, the lock or COMMIT; the steps' unique key (order, seq) is
 * then its version check. Steps that do have work under the lock (an issue: documents, the
 * issuer's record at receipt) keep their transaction.
 */
describe('orders: steps written alone', () => {
  let t: TestApp;
  let api: ReturnType<typeof ordersClient>;
  let providers: Awaited<ReturnType<typeof demoDirectory>>;

  beforeAll(async () => {
    // The log's own poll a minute apart: a step is logged within seconds only if its commit wakes the sequencer.
    t = await startTestApp({ ORDER_CLOCK_INTERVAL_MS: '0', LOG_SEQUENCE_INTERVAL_MS: '60000' });
    api = ordersClient(t);
    providers = await demoDirectory(t);
  });
  afterAll(() => t.close());

  const issued = async () => {
    const drafted = ok(await api.create(DEMO.parisProsecutor, orderBody(providers.Examplegram, { dataCategories: ['SUBSCRIBER'] })), 201).body as { id: string };
    return ok(await api.act(DEMO.parisProsecutor, drafted.id, 'issue')).body as { id: string; version: number; status: string };
  };

  /** The statements `act` sends that name the order, and whether each ran in a transaction. */
  const statementsOf = async (orderId: string, act: () => Promise<unknown>) => {
    const sent: { sql: string; inTransaction: boolean }[] = [];
    const original = PostgresQueryRunner.prototype.query;
    PostgresQueryRunner.prototype.query = function (this: PostgresQueryRunner, query: string, parameters?: unknown[], ...rest: unknown[]) {
      if (parameters?.some((value) => value === orderId || (Array.isArray(value) && value.includes(orderId)))) sent.push({ sql: query, inTransaction: this.isTransactionActive });
      return (original as (...args: unknown[]) => Promise<unknown>).call(this, query, parameters, ...rest);
    } as typeof original;
    try {
      await act();
    } finally {
      PostgresQueryRunner.prototype.query = original;
    }
    return sent;
  };
  const stepStatement = (sent: { sql: string }[]) => sent.filter((s) => /INSERT INTO order_steps/.test(s.sql));

  it('writes an acknowledgement in one statement of its own, and an issue under the lock in its transaction', async () => {
    const drafted = ok(await api.create(DEMO.parisProsecutor, orderBody(providers.Examplegram, { dataCategories: ['SUBSCRIBER'] })), 201).body as { id: string };
    const issuing = await statementsOf(drafted.id, async () => ok(await api.act(DEMO.parisProsecutor, drafted.id, 'issue')));
    expect(issuing.some((s) => s.sql.includes('evx_lock_as_party') && s.inTransaction)).toBe(true);
    expect(stepStatement(issuing)).toEqual([expect.objectContaining({ inTransaction: true })]);

    const acknowledging = await statementsOf(drafted.id, async () => ok(await api.act(DEMO.examplegram, drafted.id, 'acknowledge')));
    expect(acknowledging.filter((s) => s.sql.includes('evx_lock_as_party'))).toEqual([]);
    expect(stepStatement(acknowledging)).toEqual([expect.objectContaining({ inTransaction: false })]);
    const steps = ok(await api.get(DEMO.examplegram, `orders/${drafted.id}/steps`)).body.items as { seq: number; action: string }[];
    expect(steps.map((step) => step.action)).toEqual(['CREATE', 'ISSUE', 'ACKNOWLEDGE']);
    expect(ok(await api.get(DEMO.examplegram, `orders/${drafted.id}/verification`)).body).toMatchObject({ valid: true, problems: [] });
  });

  it('keeps the transaction for a step whose answer reads more (a countersigner\'s name), so nothing is read after it is taken', async () => {
    const order = await issued();
    const readsMore = jest.spyOn(t.app.get(OrdersService), 'viewReadsMore').mockReturnValue(true);
    try {
      const acknowledging = await statementsOf(order.id, async () => ok(await api.act(DEMO.examplegram, order.id, 'acknowledge')));
      expect(acknowledging.some((s) => s.sql.includes('evx_lock_as_party') && s.inTransaction)).toBe(true);
      expect(stepStatement(acknowledging)).toEqual([expect.objectContaining({ inTransaction: true })]);
    } finally {
      readsMore.mockRestore();
    }
  });

  it('takes one of many acknowledgements of one order at once; the others find it acknowledged', async () => {
    const order = await issued();
    await t.login(DEMO.examplegram);
    const answers = await Promise.all(Array.from({ length: 8 }, () => api.act(DEMO.examplegram, order.id, 'acknowledge')));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
    for (const answer of answers.filter((a) => a.status === 409)) expect(answer.body).toMatchObject({ code: 'ORDER_INVALID_TRANSITION' });
    const steps = ok(await api.get(DEMO.examplegram, `orders/${order.id}/steps`)).body.items as { seq: number; action: string }[];
    expect(steps.map((step) => [step.seq, step.action])).toEqual([[1, 'CREATE'], [2, 'ISSUE'], [3, 'ACKNOWLEDGE']]);
    expect(ok(await api.get(DEMO.examplegram, `orders/${order.id}`)).body).toMatchObject({ status: 'ACKNOWLEDGED', version: order.version + 1 });
    expect(ok(await api.get(DEMO.examplegram, `orders/${order.id}/verification`)).body).toMatchObject({ valid: true, problems: [] });
  });

  it('answers 412 with the version now to every If-Match acknowledgement but the one taken', async () => {
    const order = await issued();
    await t.login(DEMO.examplegram);
    const answers = await Promise.all(Array.from({ length: 6 }, () => api.act(DEMO.examplegram, order.id, 'acknowledge', {}, { 'if-match': `"${order.version}"` })));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 412, 412, 412, 412, 412]);
    for (const answer of answers.filter((a) => a.status === 412)) expect(answer.body).toMatchObject({ code: 'ORDER_VERSION_MISMATCH', currentVersion: order.version + 1 });
    const rows = (await t.app.get(DataSource).query('SELECT count(*)::int AS n FROM order_steps WHERE order_id = $1', [order.id])) as { n: number }[];
    expect(rows[0].n).toBe(3);
  });

  /**
   * Holds every step's seal until `count` steps have reached it, so that they were all prepared
   * against the same version before any is written: the collision is certain, not left to timing.
   */
  const preparedTogether = (count: number) => {
    const signing = t.app.get(StepSigningService);
    const seal = signing.seal.bind(signing);
    let arrived = 0;
    let release!: () => void;
    const all = new Promise<void>((resolve) => (release = resolve));
    const spy = jest.spyOn(signing, 'seal').mockImplementation(async (...args) => {
      if (++arrived === count) release();
      await all;
      return seal(...args);
    });
    return { restore: () => spy.mockRestore() };
  };

  it('prepares a step written alone again when another took its seq meanwhile, whether written alone or in a transaction', async () => {
    const versionOf = jest.spyOn(t.app.get(OrdersRepository), 'versionOf');
    try {
      for (const headers of [{}, { 'idempotency-key': randomUUID() }] as Record<string, string>[]) {
        const order = await issued();
        await t.login(DEMO.examplegram);
        versionOf.mockClear();
        const together = preparedTogether(2);
        let answers;
        try {
          // The second acknowledgement is written alone; the first alone too, or in a transaction with its idempotency answer.
          answers = await Promise.all([api.act(DEMO.examplegram, order.id, 'acknowledge', {}, headers), api.act(DEMO.examplegram, order.id, 'acknowledge')]);
        } finally {
          together.restore();
        }
        expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
        expect(answers.find((answer) => answer.status === 409)!.body).toMatchObject({ code: 'ORDER_INVALID_TRANSITION' });
        // A step written alone that lost hit the step the other took (and read the version now); a
        // transaction that lost found the order moved under its lock. Both alone: the loser was alone.
        const aloneLost = Object.keys(headers).length === 0 || answers[1].status === 409;
        expect(versionOf).toHaveBeenCalledTimes(aloneLost ? 1 : 0);
        const steps = ok(await api.get(DEMO.examplegram, `orders/${order.id}/steps`)).body.items as { action: string }[];
        expect(steps.map((step) => step.action)).toEqual(['CREATE', 'ISSUE', 'ACKNOWLEDGE']);
        expect(ok(await api.get(DEMO.examplegram, `orders/${order.id}/verification`)).body).toMatchObject({ valid: true, problems: [] });
      }
    } finally {
      versionOf.mockRestore();
    }
  });

  /**
   * PostgreSQL breaks a deadlock by rolling back the statement of a step written alone while the
   * other step is still in flight, for its first `times` statements (forced: a real one needs two
   * statements locking in opposite orders). `statements` counts those written alone meanwhile.
   */
  const deadlocking = (times: number) => {
    const run = CombinedStatement.prototype.run;
    let statements = 0;
    const spy = jest.spyOn(CombinedStatement.prototype, 'run').mockImplementation(function (this: CombinedStatement, ...args: Parameters<typeof run>) {
      if (this.alone && statements++ < times) return Promise.reject(new QueryFailedError('WITH w1 AS (INSERT INTO order_steps …', [], Object.assign(new Error('deadlock detected'), { code: '40P01' })));
      return run.apply(this, args) as ReturnType<typeof run>;
    });
    return { statements: () => statements, restore: () => spy.mockRestore() };
  };

  it('prepares a step written alone again after a deadlock that left the version as it was, If-Match and all', async () => {
    const order = await issued();
    await t.login(DEMO.examplegram);
    const deadlock = deadlocking(1);
    try {
      const answer = await api.act(DEMO.examplegram, order.id, 'acknowledge', {}, { 'if-match': `"${order.version}"` });
      expect({ status: answer.status, version: answer.body.version, statements: deadlock.statements() }).toEqual({ status: 200, version: order.version + 1, statements: 2 });
    } finally {
      deadlock.restore();
    }
  });

  it('answers a conflict, not a version mismatch naming the caller\'s own version, after a deadlock at every attempt', async () => {
    const order = await issued();
    await t.login(DEMO.examplegram);
    const deadlock = deadlocking(Infinity);
    try {
      const answer = await api.act(DEMO.examplegram, order.id, 'acknowledge', {}, { 'if-match': `"${order.version}"` });
      expect({ status: answer.status, code: answer.body.code, currentVersion: answer.body.currentVersion }).toEqual({ status: 409, code: 'ORDER_VERSION_CONFLICT', currentVersion: order.version });
      expect(answer.body.detail).toMatch(/at the same moment/);
    } finally {
      deadlock.restore();
    }
    expect(ok(await api.get(DEMO.examplegram, `orders/${order.id}`)).body).toMatchObject({ status: 'ISSUED', version: order.version });
  });

  it('replays a keyed step whose COMMIT went through though its connection was reported lost, and says at the 503 that it may have been made', async () => {
    const order = await issued();
    await t.login(DEMO.examplegram);
    const key = randomUUID();
    const dataSource = t.app.get(DataSource);
    const idempotency = t.app.get(IdempotencyService);
    const transaction = dataSource.transaction.bind(dataSource) as (...args: unknown[]) => Promise<unknown>;
    const complete = idempotency.complete.bind(idempotency);
    // Which transaction stored the answer: background work (the log, the events) runs its own
    // transactions meanwhile, and only the one that called complete() may be reported lost.
    const storing = new AsyncLocalStorage<{ stored: boolean }>();
    let lost = 0;
    const completeSpy = jest.spyOn(idempotency, 'complete').mockImplementation(async (...args) => {
      await complete(...args);
      const scope = storing.getStore();
      if (scope) scope.stored = true;
    });
    // The step's transaction (its answer stored in it) commits, and then its connection is reported lost.
    const spy = jest.spyOn(dataSource, 'transaction').mockImplementation((async (...args: unknown[]) => {
      const scope = { stored: false };
      const result = await storing.run(scope, () => transaction(...args));
      if (scope.stored && lost++ === 0) throw new QueryFailedError('COMMIT', [], Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' }));
      return result;
    }) as never);
    let first;
    try {
      first = await api.act(DEMO.examplegram, order.id, 'acknowledge', {}, { 'idempotency-key': key });
    } finally {
      spy.mockRestore();
      completeSpy.mockRestore();
    }
    const [stored] = (await dataSource.query('SELECT response_status FROM idempotency_keys WHERE key = $1', [key])) as { response_status: number | null }[];
    expect(stored?.response_status).toBe(200);
    expect({ status: first.status, code: first.body.code, lost }).toEqual({ status: 503, code: 'SERVICE_UNAVAILABLE', lost: 1 });
    expect(first.body.detail).toMatch(/may or may not have been made/);
    const retry = await api.act(DEMO.examplegram, order.id, 'acknowledge', {}, { 'idempotency-key': key });
    expect({ status: retry.status, replayed: retry.headers['idempotent-replayed'], version: retry.body.version }).toEqual({ status: 200, replayed: 'true', version: order.version + 1 });
  });

  // The log's poll is a minute apart here: an entry logged within 15 s was logged because it was woken.
  const pendingOf = async (orderId: string) =>
    ((await t.app.get(DataSource).query('SELECT count(*)::int AS n FROM log_pending p JOIN order_steps s ON s.id = p.step_id WHERE s.order_id = $1', [orderId])) as { n: number }[])[0].n;
  const waitUntilLogged = async (orderId: string) => {
    await waitFor(async () => (await pendingOf(orderId)) === 0);
    return pendingOf(orderId);
  };

  it('wakes the transparency log at once after a step written alone, not at its next poll', async () => {
    const order = await issued();
    expect(await waitUntilLogged(order.id)).toBe(0);
    ok(await api.act(DEMO.examplegram, order.id, 'acknowledge'));
    expect(await waitUntilLogged(order.id)).toBe(0);
  });

  /**
   * A run asked for over HTTP (a proof, a tile) reads an empty outbox and is held there; meanwhile
   * the order's next step commits and wakes the log, and (if asked) the log's own timer fires and
   * joins that run. The step must still be logged within seconds, not at the next poll.
   */
  const wokenDuringARunOverHttp = async (timerJoins: boolean) => {
    const order = await issued();
    expect(await waitUntilLogged(order.id)).toBe(0);
    const sequencer = t.app.get(LogSequencer);
    await sequencer.run(); // whatever run was finishing has finished: the next one is the spec's own
    const log = t.app.get(LogRepository);
    const hasPending = log.hasPending.bind(log);
    let looked!: () => void;
    const outboxRead = new Promise<void>((resolve) => (looked = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const spy = jest.spyOn(log, 'hasPending').mockImplementationOnce(async () => {
      const answer = await hasPending();
      looked();
      await gate;
      return answer;
    });
    try {
      const run = sequencer.run();
      await outboxRead;
      ok(await api.act(DEMO.examplegram, order.id, 'acknowledge'));
      if (timerJoins) {
        // The log's timer (its poll, or an earlier step's wake) fires now, during the run.
        (sequencer as unknown as { schedule(delay: number): void }).schedule(0);
        await sleep(100);
      }
      release();
      expect(await run).toBe(0);
    } finally {
      release();
      spy.mockRestore();
    }
    expect(await pendingOf(order.id)).toBe(1);
    expect(await waitUntilLogged(order.id)).toBe(0);
  };

  it('honours a wake that came while a run asked for over HTTP (a proof, a tile) had already read the outbox', () => wokenDuringARunOverHttp(false));

  it('honours that wake also when the log\'s timer fired meanwhile and joined the run', () => wokenDuringARunOverHttp(true));

  it('looks again shortly when another instance held the log\'s lock at its wake, not at the next poll', async () => {
    const order = await issued();
    expect(await waitUntilLogged(order.id)).toBe(0);
    const log = t.app.get(LogRepository);
    // Another instance sequences during the first two looks (and may have read the outbox before the step committed).
    const spy = jest.spyOn(log, 'tryLockSequencer').mockResolvedValueOnce(false).mockResolvedValueOnce(false);
    try {
      ok(await api.act(DEMO.examplegram, order.id, 'acknowledge'));
      expect(await waitUntilLogged(order.id)).toBe(0);
      expect(spy.mock.calls.length).toBeGreaterThanOrEqual(3);
    } finally {
      spy.mockRestore();
    }
  });

  it('looks less and less often while the log\'s lock stays held elsewhere (a stalled instance), and logs the step once it is free', async () => {
    const order = await issued();
    expect(await waitUntilLogged(order.id)).toBe(0);
    const log = t.app.get(LogRepository);
    const spy = jest.spyOn(log, 'tryLockSequencer').mockResolvedValue(false);
    let looks: number;
    try {
      ok(await api.act(DEMO.examplegram, order.id, 'acknowledge'));
      await sleep(2_000);
      looks = spy.mock.calls.length;
    } finally {
      spy.mockRestore();
    }
    // At 100, 200, 400 and 800 ms after the first look, where a look every 100 ms would be twenty.
    expect(looks).toBeGreaterThanOrEqual(3);
    expect(looks).toBeLessThanOrEqual(6);
    expect(await waitUntilLogged(order.id)).toBe(0);
  });
});
