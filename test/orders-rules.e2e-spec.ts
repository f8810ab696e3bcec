import { DEMO } from './support/demo-accounts.js';
import { DAY, HOUR, demoDirectory, fixClock, orderBody, ordersClient, expectStatus as ok } from './support/orders.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Rules a review found loose: nulls, closing too early, withdrawal after grounds, clarification of a preservation. */
describe('orders: the law holds at the edges', () => {
  let t: TestApp;
  let api: ReturnType<typeof ordersClient>;
  let providers: Awaited<ReturnType<typeof demoDirectory>>;
  let clock: ReturnType<typeof fixClock>;

  beforeAll(async () => {
    t = await startTestApp({ ORDER_CLOCK_INTERVAL_MS: '0' });
    api = ordersClient(t);
    providers = await demoDirectory(t);
    clock = fixClock(t);
  });
  afterAll(() => t.close());

  it('reads `emergency: null` as no emergency, and a null port to a CGNAT operator as a missing port', async () => {
    const order = ok(await api.create(DEMO.ofacOfficer, orderBody(providers.Examplegram, { dataCategories: ['SUBSCRIBER'], emergency: null })), 201).body;
    expect(order).toMatchObject({ emergency: null });
    expect(order.routing.selected.deadlines.map((d: { duration: string }) => d.duration)).toEqual(['P10D']);
    expect((await api.act(DEMO.ofacOfficer, order.id, 'issue')).body).toMatchObject({ status: 403, code: 'ORDER_ACTION_FORBIDDEN' });

    const cgnat = await api.create(DEMO.ofacOfficer, orderBody(providers.Nordtel, {
      dataCategories: ['IDENTIFICATION'],
      targets: [{ kind: 'IP_ADDRESS', value: '198.51.100.7', sourcePort: null, timestamp: null }],
    }));
    expect(cgnat.status).toBe(400);
    expect(cgnat.body.errors.map((e: { field: string }) => e.field)).toEqual(['targets[0].sourcePort', 'targets[0].timestamp']);
  });

  it('clears an emergency with `emergency: null` on a draft', async () => {
    const draft = ok(await api.create(DEMO.ofacOfficer, orderBody(providers.Examplegram, { dataCategories: ['SUBSCRIBER'], emergency: { ground: 'LIFE', justification: 'Kidnapping in progress' } })), 201).body;
    expect(draft.routing.selected.deadlines.map((d: { clock: string; duration: string }) => `${d.clock} ${d.duration}`)).toContain('PRODUCTION PT8H');
    const amended = ok(await api.patch(DEMO.ofacOfficer, draft.id, { emergency: null })).body;
    expect(amended).toMatchObject({ emergency: null, version: 2 });
    expect(amended.routing.selected.deadlines.map((d: { duration: string }) => d.duration)).toEqual(['P10D']);
  });

  it('does not let an emergency order be closed before its ex-post validation (Art 4(5))', async () => {
    const created = ok(await api.create(DEMO.ofacOfficer, orderBody(providers.Examplegram, { dataCategories: ['SUBSCRIBER'], emergency: { ground: 'LIFE', justification: 'Threat to kill posted' } })), 201).body;
    ok(await api.act(DEMO.ofacOfficer, created.id, 'issue'));
    const upload = await t
      .http()
      .post(`/api/v1/orders/${created.id}/evidence`)
      .set({ authorization: `Bearer ${await t.login(DEMO.examplegram)}`, 'content-type': 'application/octet-stream', 'content-disposition': 'attachment; filename="subscriber.json"' })
      .send(Buffer.from('{"name":"J. Doe"}'));
    expect(upload.status).toBe(201);
    ok(await api.act(DEMO.examplegram, created.id, 'production', { evidenceIds: [upload.body.id], decisions: [{ target: 'suspect.account.42', category: 'SUBSCRIBER', produced: true }] }));
    const closed = await api.act(DEMO.ofacOfficer, created.id, 'close');
    expect(closed.body.detail).toContain('Art 4(5)');
    expect(closed.body).toMatchObject({ status: 409, code: 'ORDER_INVALID_TRANSITION' });
    ok(await api.act(DEMO.parisJudge, created.id, 'validate', { decision: 'APPROVE' }));
    expect((await api.get(DEMO.ofacOfficer, `orders/${created.id}`)).body).toMatchObject({ exPostValidationDueAt: null });
  });

  it('after grounds raised in full the issuer must withdraw: closing is refused and the order says so (Art 12(2))', async () => {
    const created = ok(await api.create(DEMO.parisJudge, orderBody(providers.Examplegram, { emergency: { ground: 'LIFE', justification: 'Hostage' } })), 201).body;
    ok(await api.act(DEMO.parisJudge, created.id, 'issue'));
    const upload = await t
      .http()
      .post(`/api/v1/orders/${created.id}/evidence`)
      .set({ authorization: `Bearer ${await t.login(DEMO.examplegram)}`, 'content-type': 'application/octet-stream', 'content-disposition': 'attachment; filename="messages.json"' })
      .send(Buffer.from('{"messages":[]}'));
    expect(upload.status).toBe(201);
    // An emergency: production does not wait for the review.
    ok(await api.act(DEMO.examplegram, created.id, 'production', { evidenceIds: [upload.body.id], decisions: [{ target: 'suspect.account.42', category: 'CONTENT', produced: true }] }));
    expect((await api.get(DEMO.parisJudge, `orders/${created.id}/evidence`)).body.items).toHaveLength(1);
    const reviewed = ok(await api.act(DEMO.irishReviewer, created.id, 'enforcing-review', { decision: 'GROUNDS_RAISED', grounds: ['FUNDAMENTAL_RIGHTS'] })).body;
    expect(reviewed.enforcingReview).toMatchObject({ status: 'GROUNDS_RAISED', partial: false, issuerMustWithdraw: true });
    expect((await api.act(DEMO.parisJudge, created.id, 'close')).body).toMatchObject({ status: 409, code: 'ORDER_INVALID_TRANSITION' });
    // The evidence already received may not be used: the issuing side no longer sees it.
    expect((await api.get(DEMO.parisJudge, `orders/${created.id}/evidence`)).body.items).toEqual([]);
    const withdrawn = ok(await api.act(DEMO.parisJudge, created.id, 'withdraw', { reason: 'Grounds for refusal raised by Ireland' })).body;
    expect(withdrawn.enforcingReview).toMatchObject({ issuerMustWithdraw: false });
  });

  it('keeps a preservation running while a clarification is awaited, and expires it on time', async () => {
    const created = ok(await api.create(DEMO.parisProsecutor, orderBody(providers.Examplegram, { type: 'PRESERVATION' })), 201).body;
    const issued = ok(await api.act(DEMO.parisProsecutor, created.id, 'issue')).body;
    const receipt = Date.parse(issued.receivedAt);
    clock.advance(DAY);
    const asked = ok(await api.act(DEMO.examplegram, created.id, 'clarification-request', { reasons: [1], message: 'Which account exactly?' })).body;
    expect(asked).toMatchObject({ status: 'CLARIFICATION_REQUESTED', preservationExpiresAt: new Date(receipt + 60 * DAY).toISOString() });
    // Annex VI can still be sent while the clarification is pending.
    ok(await api.act(DEMO.parisProsecutor, created.id, 'preservation-extension'));
    expect((await api.get(DEMO.parisProsecutor, `orders/${created.id}`)).body.preservationExpiresAt).toBe(new Date(receipt + 90 * DAY).toISOString());
    clock.set(new Date(receipt + 90 * DAY + HOUR).toISOString());
    expect(await clock.sweep()).toBeGreaterThanOrEqual(1);
    expect((await api.get(DEMO.parisProsecutor, `orders/${created.id}`)).body).toMatchObject({ status: 'EXPIRED' });
  });

  it('refuses an upload retried by Idempotency-Key without Repr-Digest: the key could not tell two files apart', async () => {
    const response = await t
      .http()
      .post(`/api/v1/orders/00000000-0000-4000-8000-000000000000/evidence`)
      .set({ authorization: `Bearer ${await t.login(DEMO.examplegram)}`, 'content-type': 'application/octet-stream', 'idempotency-key': 'upload-1' })
      .send(Buffer.from('x'));
    expect(response.body).toMatchObject({ status: 400, errors: [{ field: 'Repr-Digest' }] });
  });
});
