import { DataSource } from 'typeorm';
import { LogSequencer } from '../src/modules/log/log-sequencer.service.js';
import { DEMO } from './support/demo-accounts.js';
import { demoDirectory, fixClock, orderBody, ordersClient, expectStatus as ok, HOUR } from './support/orders.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Issue 13, statistics from the record (Reg. 2023/1543 Art 28): an authority's and a provider's
 * own orders counted, the public aggregates, CSV; every answer computed at, and stating, a
 * checkpoint of the transparency log (here the sequencer runs only when the test says).
 */
describe('statistics', () => {
  let t: TestApp;
  let api: ReturnType<typeof ordersClient>;
  let clock: ReturnType<typeof fixClock>;
  let from: string;

  const get = async (path: string, email?: string, headers: Record<string, string> = {}) => {
    const request = t.http().get(`/api/v1/statistics${path}`).set(headers);
    if (email) request.set({ authorization: `Bearer ${await t.login(email)}` });
    return request;
  };

  beforeAll(async () => {
    t = await startTestApp({ ORDER_CLOCK_INTERVAL_MS: '0', LOG_SEQUENCE_INTERVAL_MS: '0' });
    api = ordersClient(t);
    clock = fixClock(t);
    await t.app.get(LogSequencer).run();
    from = clock.now().toISOString();
    const providers = await demoDirectory(t);
    const subscriber = (overrides: Record<string, unknown> = {}) => orderBody(providers.Examplegram, { dataCategories: ['SUBSCRIBER'], targets: [{ kind: 'ACCOUNT', value: 'suspect.account.42' }], ...overrides });
    // Three orders to Examplegram: produced after 5 hours, declined after 2, and one still open.
    const produced = ok(await api.create(DEMO.parisProsecutor, subscriber()), 201).body;
    ok(await api.act(DEMO.parisProsecutor, produced.id, 'issue'));
    const declined = ok(await api.create(DEMO.parisProsecutor, subscriber()), 201).body;
    ok(await api.act(DEMO.parisProsecutor, declined.id, 'issue'));
    const open = ok(await api.create(DEMO.parisProsecutor, subscriber()), 201).body;
    ok(await api.act(DEMO.parisProsecutor, open.id, 'issue'));
    clock.advance(2 * HOUR);
    ok(await api.act(DEMO.examplegram, declined.id, 'non-execution', { reasons: ['DATA_NOT_STORED'], explanation: 'The account was deleted in 2024.', preservation: { preserved: false, reason: 'Nothing is stored.' } }));
    clock.advance(3 * HOUR);
    const upload = await t
      .http()
      .post(`/api/v1/orders/${produced.id}/evidence`)
      .set({ authorization: `Bearer ${await t.login(DEMO.examplegram)}`, 'content-type': 'application/octet-stream', 'content-disposition': 'attachment; filename="subscriber.txt"' })
      .send(Buffer.from('Subscriber: suspect.account.42\n'));
    expect(upload.status).toBe(201);
    ok(await api.act(DEMO.examplegram, produced.id, 'production', { evidenceIds: [upload.body.id], decisions: [{ target: 'suspect.account.42', category: 'SUBSCRIBER', produced: true }] }));
    clock.advance(HOUR);
  });
  afterAll(async () => {
    await t.close();
  });

  it('counts only what the log holds: nothing before the steps are sequenced, everything at the checkpoint after, and says which checkpoint', async () => {
    const before = ok(await get(`?from=${from}`, DEMO.examplegram)).body;
    expect(before.total.issued).toBe(0);
    await t.app.get(LogSequencer).run();
    const after = ok(await get(`?from=${from}`, DEMO.examplegram)).body;
    expect(after.total.issued).toBe(3);
    expect(after.checkpoint.size).toBeGreaterThan(before.checkpoint.size);
    // The checkpoint stated is one the log signed: its size and root are in the log's own table.
    const [row] = await t.app.get(DataSource).query('SELECT root_hash FROM log_checkpoints WHERE size = $1', [after.checkpoint.size]);
    expect((row.root_hash as Buffer).toString('base64')).toBe(after.checkpoint.rootHash);
    expect(after.checkpoint.origin).toBe('localhost:3000/api/v1/log');
  });

  it('gives a provider its received orders: outcomes, time to answer, deadlines, reasons for not executing', async () => {
    await t.app.get(LogSequencer).run();
    const response = ok(await get(`?from=${from}&by=provider`, DEMO.examplegram));
    expect(response.headers['cache-control']).toBe('no-store');
    const body = response.body;
    expect(body.scope).toEqual({ organisationId: expect.any(String), as: 'ADDRESSEE' });
    expect(body.total).toMatchObject({
      issued: 3,
      byType: { PRODUCTION: 3, PRESERVATION: 0 },
      byDataCategory: { SUBSCRIBER: 3, CONTENT: 0 },
      outcomes: { FULFILLED: 1, NOT_EXECUTED: 1, PENDING: 1 },
      deadlines: { met: 2, missed: 0, open: 1 },
      timeToAnswerHours: { answered: 2, average: 3.5, median: 3.5, max: 5 },
      nonExecutionReasons: { DATA_NOT_STORED: 1 },
    });
    expect(body.groups.map((group: { key: { providerName: string }; issued: number }) => [group.key.providerName, group.issued])).toEqual([['Examplegram', 3]]);
    // Another provider sees none of them.
    expect(ok(await get(`?from=${from}`, DEMO.nordtel)).body.total.issued).toBe(0);
  });

  it('gives an authority the orders it issued, by issuing and enforcing State or instrument; refuses a part it cannot play, the operator and strangers', async () => {
    const byCountry = ok(await get(`?from=${from}`, DEMO.parisProsecutor)).body;
    expect(byCountry.scope.as).toBe('ISSUING');
    expect(byCountry.total.issued).toBe(3);
    expect(byCountry.groups.map((group: { key: unknown }) => group.key)).toEqual([{ issuingState: 'FR', enforcingState: null }]);
    const byInstrument = ok(await get(`?from=${from}&by=instrument`, DEMO.parisProsecutor)).body;
    expect(byInstrument.groups).toEqual([expect.objectContaining({ key: { instrument: 'EU_PRODUCTION_ORDER' }, issued: 3 })]);
    expect(ok(await get(`?from=${from}&as=ENFORCING`, DEMO.parisProsecutor)).body.total.issued).toBe(0);
    expect((await get('?as=ADDRESSEE', DEMO.parisProsecutor)).body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect((await get('?as=ISSUING', DEMO.examplegram)).body).toMatchObject({ status: 400 });
    expect((await get('?by=everything', DEMO.examplegram)).body).toMatchObject({ status: 400 });
    expect((await get(`?from=${clock.now().toISOString()}&to=${from}`, DEMO.examplegram)).body).toMatchObject({ status: 400 });
    expect((await get('', DEMO.operator)).body).toMatchObject({ status: 403 });
    expect((await get('')).status).toBe(401);
  });

  it('exports CSV for transparency reports, by Accept or ?format=csv', async () => {
    for (const [path, headers] of [[`?from=${from}`, { accept: 'text/csv' }], [`?from=${from}&format=csv`, {}]] as const) {
      const response = await get(path, DEMO.examplegram, headers);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(response.headers['content-disposition']).toMatch(/^attachment; filename="statistics-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv"$/);
      const [header, total] = response.text.split('\r\n');
      const columns = header.split(',');
      const values = total.split(',');
      const value = (name: string) => values[columns.indexOf(name)];
      expect(value('group')).toBe('ALL');
      expect(value('issued')).toBe('3');
      expect(value('outcome_NOT_EXECUTED')).toBe('1');
      expect(value('non_execution_DATA_NOT_STORED')).toBe('1');
      expect(Number(value('log_tree_size'))).toBeGreaterThan(0);
    }
  });

  it('publishes the Art 28 aggregates over every order without authentication, never by addressee', async () => {
    const response = ok(await get(`/public?from=${from}`));
    expect(response.headers['cache-control']).toBe('public, max-age=60');
    expect(response.body).toMatchObject({ scope: 'PUBLIC', by: 'country', total: { issued: 3, outcomes: { FULFILLED: 1, NOT_EXECUTED: 1, PENDING: 1 } }, checkpoint: { size: expect.any(Number), rootHash: expect.any(String) } });
    expect(response.body.groups).toEqual([expect.objectContaining({ key: { issuingState: 'FR', enforcingState: null }, issued: 3 })]);
    expect(JSON.stringify(response.body)).not.toContain('Examplegram');
    expect((await get('/public?by=provider')).body).toMatchObject({ status: 400 });
    const csv = await get(`/public?from=${from}&by=instrument`, undefined, { accept: 'text/csv' });
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.text.split('\r\n')[0]).toMatch(/^group,instrument,issued,/);
  });

  it('answers strangers for whole UTC days, so "up to now" is one computation a day, not one a request', async () => {
    const first = ok(await get('/public')).body;
    const day = 86_400_000;
    expect(Date.parse(first.window.from) % day).toBe(0);
    expect(Date.parse(first.window.to) % day).toBe(0);
    expect(Date.parse(first.window.to)).toBeGreaterThanOrEqual(clock.now().getTime());
    clock.advance(1000);
    // The same day and checkpoint: the same answer, computed once.
    expect(ok(await get('/public')).body.computedAt).toBe(first.computedAt);
  });

  it('counts an order that reached its addressee through the authorities of a state-to-state route', async () => {
    const providers = await demoDirectory(t);
    const letter = ok(await api.create(DEMO.parisProsecutor, orderBody(providers['Albion Mail'], { caseReference: 'PARQUET-2026-1107', targets: [{ kind: 'EMAIL', value: 'suspect@albionmail.example' }] })), 201).body;
    ok(await api.act(DEMO.parisProsecutor, letter.id, 'issue'));
    ok(await api.act(DEMO.bepi, letter.id, 'forward', { decision: 'FORWARD' }));
    expect(ok(await api.act(DEMO.ukCentralAuthority, letter.id, 'forward', { decision: 'FORWARD' })).body.status).toBe('ISSUED');
    clock.advance(1000); // the window ends now, excluded
    await t.app.get(LogSequencer).run();
    const albion = ok(await get(`?from=${from}`, DEMO.albionMail)).body;
    expect(albion.total).toMatchObject({ issued: 1, outcomes: { PENDING: 1 } });
  });
});
