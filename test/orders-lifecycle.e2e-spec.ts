import { createHash } from 'node:crypto';
import { DEMO } from './support/demo-accounts.js';
import { DAY, HOUR, demoDirectory, fixClock, orderBody, ordersClient, expectStatus as ok } from './support/orders.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('orders: the signed workflow', () => {
  let t: TestApp;
  let providers: Awaited<ReturnType<typeof demoDirectory>>;
  let api: ReturnType<typeof ordersClient>;
  let clock: ReturnType<typeof fixClock>;

  /** Expects `status`, showing the body when it differs. */

  beforeAll(async () => {
    t = await startTestApp({ ORDER_CLOCK_INTERVAL_MS: '0' });
    providers = await demoDirectory(t);
    api = ordersClient(t);
    clock = fixClock(t);
  });
  afterAll(() => t.close());

  it('runs a content production: police drafts, a judge validates, Ireland reviews, the provider produces, the officer closes', async () => {
    const created = ok(await api.create(DEMO.ofacOfficer, orderBody(providers.Examplegram)), 201).body;
    expect(created).toMatchObject({
      status: 'DRAFT',
      version: 1,
      instrument: 'EU_PRODUCTION_ORDER',
      form: 'EPOC',
      tier: 'HIGH',
      dueAt: null,
      caseSummary: expect.stringContaining('40 victims'),
      timeRange: { from: '2026-07-31T22:00:00Z', to: '2026-08-31T21:59:59Z' },
      language: 'en',
    });
    const id = created.id as string;

    // Police cannot issue a content order alone, not even its own draft.
    const refused = await api.act(DEMO.ofacOfficer, id, 'issue');
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'ORDER_ACTION_FORBIDDEN' });

    // The provider does not see the draft at all.
    expect((await api.get(DEMO.examplegram, `orders/${id}`)).status).toBe(404);

    ok(await api.act(DEMO.ofacOfficer, id, 'submit'));
    // A prosecutor may not validate content data; the investigating judge may.
    expect((await api.get(DEMO.parisProsecutor, `orders/${id}`)).status).toBe(404);
    expect((await api.get(DEMO.parisJudge, 'orders?box=inbox')).body.items.map((o: { id: string }) => o.id)).toContain(id);
    const issued = ok(await api.act(DEMO.parisJudge, id, 'validate', { decision: 'APPROVE' })).body;
    const receipt = clock.now().getTime();
    expect(issued).toMatchObject({
      status: 'ISSUED',
      receivedAt: new Date(receipt).toISOString(),
      dueAt: new Date(receipt + 10 * DAY).toISOString(),
      enforcingReview: { state: 'IE', status: 'PENDING', suspensive: true },
    });

    // The provider sees it now, without Section M.
    const seen = ok(await api.get(DEMO.examplegram, `orders/${id}`)).body;
    expect(seen).toMatchObject({ status: 'ISSUED', parties: ['ADDRESSEE'] });
    expect(seen).not.toHaveProperty('caseSummary');
    expect(JSON.stringify(seen)).not.toContain('40 victims');
    // The enforcing authority sees Section M.
    expect(ok(await api.get(DEMO.irishReviewer, `orders/${id}`)).body).toMatchObject({ caseSummary: expect.stringContaining('40 victims'), parties: ['ENFORCING'] });

    clock.advance(HOUR);
    ok(await api.act(DEMO.examplegram, id, 'acknowledge'));

    // Evidence can be uploaded, but production waits for the review.
    const content = Buffer.from('From: suspect\nSubject: listing 42\n\nfake\n');
    const upload = ok(
      await t
        .http()
        .post(`/api/v1/orders/${id}/evidence`)
        .set({ authorization: `Bearer ${await t.login(DEMO.examplegram)}`, 'content-type': 'application/octet-stream', 'content-disposition': 'attachment; filename="mailbox.mbox"' })
        .set('repr-digest', `sha-256=:${createHash('sha256').update(content).digest('base64')}:`)
        .send(content),
      201,
    ).body;
    expect(upload).toMatchObject({ filename: 'mailbox.mbox', size: content.length, sha256: createHash('sha256').update(content).digest('hex') });
    const production = { evidenceIds: [upload.id], decisions: [{ target: 'suspect.account.42', category: 'CONTENT', produced: true }] };
    const early = await api.act(DEMO.examplegram, id, 'production', production);
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'ORDER_REVIEW_PENDING' });

    clock.advance(2 * DAY);
    ok(await api.act(DEMO.irishReviewer, id, 'enforcing-review', { decision: 'NO_GROUNDS' }));
    const produced = ok(await api.act(DEMO.examplegram, id, 'production', production)).body;
    expect(produced).toMatchObject({ status: 'PRODUCED', overdue: false, enforcingReview: { status: 'NO_GROUNDS' } });
    const closed = ok(await api.act(DEMO.ofacOfficer, id, 'close')).body;
    expect(closed).toMatchObject({ status: 'CLOSED' });

    const steps = ok(await api.get(DEMO.ofacOfficer, `orders/${id}/steps`)).body.items;
    expect(steps.map((s: { action: string }) => s.action)).toEqual(['CREATE', 'SUBMIT', 'VALIDATE', 'ACKNOWLEDGE', 'REVIEW', 'PRODUCE', 'CLOSE']);
    expect(steps[5].record.manifest).toEqual([{ id: upload.id, filename: 'mailbox.mbox', mediaType: 'application/octet-stream', size: content.length, sha256: upload.sha256 }]);
    const verification = ok(await api.get(DEMO.examplegram, `orders/${id}/verification`)).body;
    expect(verification).toMatchObject({ valid: true, problems: [] });
    expect(verification.steps).toHaveLength(7);
  });
});
