import { createHash, randomUUID } from 'node:crypto';
import { DEMO } from './support/demo-accounts.js';
import { DAY, HOUR, demoDirectory, fixClock, orderBody, ordersClient, expectStatus as ok } from './support/orders.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Scenarios of the order life cycle beyond the happy path (docs/domain.md, "Life cycle", "Clocks"):
 * preservation with Annex VI and Annex V, expiry, clarification, Art 17 non-execution,
 * emergencies validated or lapsed ex post, grounds for refusal, and bad input.
 *
 * One app and one clock for the file: each test creates its own orders and works from
 * `clock.now()`, so the time the earlier tests moved on does not matter.
 */

const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

interface Step {
  seq: number;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  at: string;
  actor: { userId: string | null; organisationId: string | null; role: string };
  record: Record<string, unknown>;
  payload?: Record<string, unknown>;
}

const EMERGENCY = { ground: 'LIFE', justification: 'The user announced on the platform that he will kill his former partner tonight.' };
const ART_17_CONFLICT = {
  law: 'Stored Communications Act, 18 USC 2701 et seq.',
  provisions: '18 USC 2702(a)(1): a provider shall not knowingly divulge the contents of a communication while in electronic storage.',
  nature: 'OTHER',
  reasoning: 'The account is held by a US person and the content is stored in the United States; disclosure without US legal process is prohibited.',
};

describe('orders: scenarios', () => {
  let t: TestApp;
  let providers: Awaited<ReturnType<typeof demoDirectory>>;
  let api: ReturnType<typeof ordersClient>;
  let clock: ReturnType<typeof fixClock>;

  /** Expects `status`, showing the body when it differs. */
  /** Expects a problem+json refusal with this status and code. */
  const refused = (response: { status: number; body: unknown; headers: Record<string, string> }, status: number, code: string) => {
    expect({ status: response.status, body: response.body }).toMatchObject({ status, body: { status, code } });
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    return response.body as Record<string, unknown> & { errors?: { field: string; message: string }[] };
  };
  /** The fields a 400 VALIDATION_FAILED names. */
  const invalidFields = (response: { status: number; body: unknown; headers: Record<string, string> }) =>
    (refused(response, 400, 'VALIDATION_FAILED').errors ?? []).map((error) => error.field);

  const order = async (email: string, id: string) => ok(await api.get(email, `orders/${id}`)).body;
  const steps = async (email: string, id: string): Promise<Step[]> => ok(await api.get(email, `orders/${id}/steps`)).body.items;
  const verification = async (email: string, id: string) => ok(await api.get(email, `orders/${id}/verification`)).body;
  const organisationOf = async (email: string): Promise<string> => ok(await api.get(email, 'me')).body.organisation.id;

  /** Creates an order as `email` and issues it as `issuer`; answers its id and the receipt instant (clocks start there). */
  const issued = async (email: string, body: Record<string, unknown>, issuer = email) => {
    const id = ok(await api.create(email, body), 201).body.id as string;
    const view = ok(await api.act(issuer, id, 'issue')).body;
    expect(view.status).toBe('ISSUED');
    return { id, receipt: clock.now().getTime(), view };
  };

  /** Uploads one evidence file as the provider. */
  const upload = async (email: string, id: string, content: Buffer, filename: string) =>
    ok(
      await t
        .http()
        .post(`/api/v1/orders/${id}/evidence`)
        .set({ authorization: `Bearer ${await t.login(email)}`, 'content-type': 'application/octet-stream', 'content-disposition': `attachment; filename="${filename}"` })
        .set('repr-digest', `sha-256=:${createHash('sha256').update(content).digest('base64')}:`)
        .send(content),
      201,
    ).body as { id: string; sha256: string };

  const preservationBody = () => orderBody(providers.Examplegram, { type: 'PRESERVATION', dataCategories: ['SUBSCRIBER', 'TRAFFIC', 'CONTENT'] });
  const subscriberBody = (overrides: Record<string, unknown> = {}) => orderBody(providers.Examplegram, { dataCategories: ['SUBSCRIBER'], ...overrides });

  beforeAll(async () => {
    t = await startTestApp({ ORDER_CLOCK_INTERVAL_MS: '0' });
    providers = await demoDirectory(t);
    api = ordersClient(t);
    clock = fixClock(t);
  });
  afterAll(() => t.close());

  it('preservation: 60 days from receipt, +30 once by Annex VI inside them, then kept until production after Annex V', async () => {
    const draft = ok(await api.create(DEMO.parisProsecutor, preservationBody()), 201).body;
    expect(draft).toMatchObject({ status: 'DRAFT', type: 'PRESERVATION', instrument: 'EU_PRESERVATION_ORDER', form: 'EPOC_PR', preservationExpiresAt: null });

    // A prosecutor may issue a preservation order of any category alone (Art 4(3)).
    const view = ok(await api.act(DEMO.parisProsecutor, draft.id, 'issue')).body;
    const id = draft.id as string;
    const receipt = clock.now().getTime();
    // Art 11(1): 60 days from receipt; a preservation order has no production deadline and no enforcing review.
    expect(view).toMatchObject({ status: 'ISSUED', receivedAt: iso(receipt), preservationExpiresAt: iso(receipt + 60 * DAY), dueAt: null, enforcingReview: null, exPostValidationDueAt: null });

    clock.advance(2 * HOUR);
    ok(await api.act(DEMO.examplegram, id, 'acknowledge'));
    // Only the addressee confirms preservation; only the issuer extends.
    refused(await api.act(DEMO.parisProsecutor, id, 'preservation'), 403, 'ORDER_ACTION_FORBIDDEN');
    const preserved = ok(await api.act(DEMO.examplegram, id, 'preservation', { note: 'Account snapshot taken.' })).body;
    expect(preserved).toMatchObject({ status: 'PRESERVED', preservationExpiresAt: iso(receipt + 60 * DAY) });
    refused(await api.act(DEMO.examplegram, id, 'preservation-extension'), 403, 'ORDER_ACTION_FORBIDDEN');

    // Day 59: Annex VI, inside the first 60 days, adds 30 days (Art 11(1)).
    clock.set(iso(receipt + 59 * DAY));
    const extended = ok(await api.act(DEMO.parisProsecutor, id, 'preservation-extension', { note: 'The production order is being prepared.' })).body;
    expect(extended).toMatchObject({ status: 'PRESERVED', preservationExpiresAt: iso(receipt + 90 * DAY) });
    // Only once.
    const again = refused(await api.act(DEMO.parisProsecutor, id, 'preservation-extension'), 409, 'ORDER_INVALID_TRANSITION');
    expect(again.detail).toContain('already extended');

    // Past the first 60 days the extended order lives on: the sweep leaves it alone.
    clock.set(iso(receipt + 61 * DAY));
    await clock.sweep();
    expect(await order(DEMO.parisProsecutor, id)).toMatchObject({ status: 'PRESERVED', version: extended.version, preservationExpiresAt: iso(receipt + 90 * DAY) });

    // Annex V: a request for production was issued; the data stay preserved until it is received, with no end date.
    const annexV = ok(
      await api.act(DEMO.parisProsecutor, id, 'subsequent-request', { kind: 'EPOC', reference: 'EPOC EVX-2026-PROD0001', issuedAt: iso(clock.now().getTime() - HOUR) }),
    ).body;
    expect(annexV).toMatchObject({ status: 'PRESERVED_PENDING_PRODUCTION', preservationExpiresAt: null });
    refused(await api.act(DEMO.parisProsecutor, id, 'preservation-extension'), 409, 'ORDER_INVALID_TRANSITION');

    // Well past even the extended end (day 90): nothing expires it.
    clock.set(iso(receipt + 120 * DAY));
    await clock.sweep();
    expect(await order(DEMO.examplegram, id)).toMatchObject({ status: 'PRESERVED_PENDING_PRODUCTION', version: annexV.version, preservationExpiresAt: null });

    expect(ok(await api.act(DEMO.parisProsecutor, id, 'close', { note: 'Production received under the EPOC.' })).body).toMatchObject({ status: 'CLOSED' });

    const chain = await steps(DEMO.parisProsecutor, id);
    expect(chain.map((s) => s.action)).toEqual(['CREATE', 'ISSUE', 'ACKNOWLEDGE', 'CONFIRM_PRESERVATION', 'EXTEND_PRESERVATION', 'CONFIRM_SUBSEQUENT_REQUEST', 'CLOSE']);
    expect(chain[4].record).toEqual({ annex: 'VI', previousExpiry: iso(receipt + 60 * DAY), documents: [expect.objectContaining({ form: 'ANNEX_VI' })] });
    expect(chain[5]).toMatchObject({ fromStatus: 'PRESERVED', toStatus: 'PRESERVED_PENDING_PRODUCTION', record: { annex: 'V' }, payload: { kind: 'EPOC', reference: 'EPOC EVX-2026-PROD0001' } });
    const checked = await verification(DEMO.examplegram, id);
    expect(checked).toMatchObject({ valid: true, problems: [] });
    expect(checked.steps).toHaveLength(7);
  });

  it('preservation: the exchange expires it 60 days after receipt without Annex VI or V, and nothing extends it afterwards', async () => {
    // Two orders received at the same instant: one the sweep finds, one a late extension finds first.
    const swept = await issued(DEMO.parisProsecutor, preservationBody());
    const raced = await issued(DEMO.parisProsecutor, preservationBody());
    const receipt = swept.receipt;
    clock.advance(HOUR);
    ok(await api.act(DEMO.examplegram, swept.id, 'acknowledge'));
    ok(await api.act(DEMO.examplegram, swept.id, 'preservation'));

    // A minute before the end, the sweep leaves both alone.
    clock.set(iso(receipt + 60 * DAY - MINUTE));
    await clock.sweep();
    expect(await order(DEMO.parisProsecutor, swept.id)).toMatchObject({ status: 'PRESERVED', preservationExpiresAt: iso(receipt + 60 * DAY) });
    expect(await order(DEMO.parisProsecutor, raced.id)).toMatchObject({ status: 'ISSUED' });

    clock.set(iso(receipt + 60 * DAY + MINUTE));

    // Before any sweep: the transition runs the order's clock first, so the extension comes too late (Art 11(1)).
    const late = refused(await api.act(DEMO.parisProsecutor, raced.id, 'preservation-extension'), 409, 'ORDER_INVALID_TRANSITION');
    expect(late).toMatchObject({ state: 'EXPIRED', action: 'EXTEND_PRESERVATION' });
    const racedView = await order(DEMO.parisProsecutor, raced.id);
    expect(racedView).toMatchObject({ status: 'EXPIRED' });
    expect((await steps(DEMO.parisProsecutor, raced.id)).at(-1)).toMatchObject({ action: 'EXPIRE', fromStatus: 'ISSUED', toStatus: 'EXPIRED', actor: { role: 'SYSTEM' } });

    // The sweep expires the other one, as a step of the exchange.
    expect(await clock.sweep()).toBeGreaterThanOrEqual(1);
    expect(await order(DEMO.examplegram, swept.id)).toMatchObject({ status: 'EXPIRED', preservationExpiresAt: iso(receipt + 60 * DAY) });
    const last = (await steps(DEMO.parisProsecutor, swept.id)).at(-1)!;
    expect(last).toMatchObject({
      action: 'EXPIRE',
      fromStatus: 'PRESERVED',
      toStatus: 'EXPIRED',
      at: iso(receipt + 60 * DAY + MINUTE),
      actor: { userId: null, organisationId: null, role: 'SYSTEM' },
      payload: { reason: 'PRESERVATION_PERIOD_ENDED' },
      record: { reason: 'PRESERVATION_PERIOD_ENDED', clockEndedAt: iso(receipt + 60 * DAY) },
    });

    // An expired preservation can be neither extended (Annex VI) nor followed up (Annex V).
    refused(await api.act(DEMO.parisProsecutor, swept.id, 'preservation-extension'), 409, 'ORDER_INVALID_TRANSITION');
    refused(
      await api.act(DEMO.parisProsecutor, swept.id, 'subsequent-request', { kind: 'MLA', reference: 'MLA 2026/77', issuedAt: iso(clock.now().getTime()) }),
      409,
      'ORDER_INVALID_TRANSITION',
    );

    // A later sweep does not expire either order twice.
    await clock.sweep();
    expect((await order(DEMO.parisProsecutor, raced.id)).version).toBe(racedView.version);
    expect((await steps(DEMO.parisProsecutor, swept.id)).filter((s) => s.action === 'EXPIRE')).toHaveLength(1);
    expect(await verification(DEMO.parisProsecutor, swept.id)).toMatchObject({ valid: true, problems: [] });
    expect(await verification(DEMO.parisProsecutor, raced.id)).toMatchObject({ valid: true, problems: [] });
  });

  it('clarification: Annex III reasons 1-3 stop the production clock, which resumes by the time it stood still', async () => {
    // A prosecutor may issue a low-tier production order alone (Art 4(1)); low tier has no enforcing review (Art 8(1)).
    const { id, receipt, view } = await issued(DEMO.parisProsecutor, subscriberBody());
    expect(view).toMatchObject({ tier: 'LOW', receivedAt: iso(receipt), dueAt: iso(receipt + 10 * DAY), overdue: false, clockSuspended: false, enforcingReview: null });
    clock.advance(HOUR);
    ok(await api.act(DEMO.examplegram, id, 'acknowledge'));

    clock.set(iso(receipt + 2 * DAY));
    // Reasons 4-10 explain non-execution; they are not a clarification request (Annex III section D).
    // Like every array of plain values (`dataCategories` in the routing tests), the array is named, with the allowed values.
    for (const reasons of [[4], ['THIRD_COUNTRY_CONFLICT'], [3, 10]]) {
      const response = await api.act(DEMO.examplegram, id, 'clarification-request', { reasons, message: 'Which account?' });
      expect({ reasons, fields: invalidFields(response) }).toEqual({ reasons, fields: ['reasons'] });
      expect(response.body.errors[0].message).toContain('1 (INCOMPLETE), 2 (MANIFEST_ERROR), 3 (INSUFFICIENT_INFORMATION)');
    }
    expect(await order(DEMO.examplegram, id)).toMatchObject({ status: 'ACKNOWLEDGED', clockSuspended: false });

    const asked = ok(
      await api.act(DEMO.examplegram, id, 'clarification-request', { reasons: ['INSUFFICIENT_INFORMATION'], message: 'Two accounts match "suspect.account.42": give the numeric user id.' }),
    ).body;
    expect(asked).toMatchObject({ status: 'CLARIFICATION_REQUESTED', clockSuspended: true, overdue: false, dueAt: iso(receipt + 10 * DAY) });
    // Only the issuing side answers.
    refused(await api.act(DEMO.examplegram, id, 'clarification', { message: 'self-answer' }), 403, 'ORDER_ACTION_FORBIDDEN');

    // Arts 10(6), 11(5): while the clarification is awaited the deadline moves with the clock.
    clock.set(iso(receipt + 5 * DAY));
    expect(await order(DEMO.examplegram, id)).toMatchObject({ clockSuspended: true, overdue: false, dueAt: iso(receipt + 13 * DAY) });
    const answered = ok(await api.act(DEMO.parisProsecutor, id, 'clarification', { message: 'The numeric user id is 1002003004.' })).body;
    // Back where it was, 3 days later than first due.
    expect(answered).toMatchObject({ status: 'ACKNOWLEDGED', clockSuspended: false, overdue: false, dueAt: iso(receipt + 13 * DAY) });

    // A second request (by the form's numbers) outlasts both the original and the moved deadline: still not overdue.
    clock.set(iso(receipt + 6 * DAY));
    ok(await api.act(DEMO.examplegram, id, 'clarification-request', { reasons: [1, 3], message: 'The time range is missing its end.' }));
    clock.set(iso(receipt + 14 * DAY));
    expect(await order(DEMO.parisProsecutor, id)).toMatchObject({ status: 'CLARIFICATION_REQUESTED', clockSuspended: true, overdue: false });
    const resumed = ok(await api.act(DEMO.parisProsecutor, id, 'clarification', { message: 'Until 31 August 2026, 23:59:59 CEST.' })).body;
    // 3 + 8 days stood still.
    expect(resumed).toMatchObject({ status: 'ACKNOWLEDGED', clockSuspended: false, overdue: false, dueAt: iso(receipt + 21 * DAY) });

    // The clock runs again: a minute after the moved deadline the order is overdue.
    clock.set(iso(receipt + 21 * DAY + MINUTE));
    expect(await order(DEMO.parisProsecutor, id)).toMatchObject({ status: 'ACKNOWLEDGED', overdue: true });

    const chain = await steps(DEMO.examplegram, id);
    expect(chain.map((s) => s.action)).toEqual(['CREATE', 'ISSUE', 'ACKNOWLEDGE', 'REQUEST_CLARIFICATION', 'CLARIFY', 'REQUEST_CLARIFICATION', 'CLARIFY']);
    expect(chain[3].record).toEqual({ reasons: [{ number: 3, code: 'INSUFFICIENT_INFORMATION' }], resumeStatus: 'ACKNOWLEDGED', documents: [expect.objectContaining({ form: 'ANNEX_III' })] });
    expect(chain[5].record).toEqual({
      reasons: [
        { number: 1, code: 'INCOMPLETE' },
        { number: 3, code: 'INSUFFICIENT_INFORMATION' },
      ],
      resumeStatus: 'ACKNOWLEDGED',
      documents: [expect.objectContaining({ form: 'ANNEX_III' })],
    });
    expect(chain[6].record).toEqual({ resumedTo: 'ACKNOWLEDGED' });
    expect(await verification(DEMO.parisProsecutor, id)).toMatchObject({ valid: true, problems: [] });
  });

  it('non-execution: reason 10 comes with the Art 17 conflict (Annex III section E), and the issuer closes', async () => {
    // The investigating judge issues a content order alone (Art 4(2)); Ireland reviews it (Art 8(1)).
    const { id } = await issued(DEMO.parisJudge, orderBody(providers.Examplegram));
    expect(await order(DEMO.parisJudge, id)).toMatchObject({ tier: 'HIGH', enforcingReview: { state: 'IE', status: 'PENDING' } });
    clock.advance(HOUR);
    ok(await api.act(DEMO.examplegram, id, 'acknowledge'));
    clock.advance(DAY);

    const base = { explanation: 'Producing this content would breach US law.', preservation: { preserved: true } };
    // Reason 10 without section E, and section E without reason 10.
    expect(invalidFields(await api.act(DEMO.examplegram, id, 'non-execution', { ...base, reasons: [10] }))).toEqual(['thirdCountryConflict']);
    expect(invalidFields(await api.act(DEMO.examplegram, id, 'non-execution', { ...base, reasons: ['DATA_NOT_STORED'], thirdCountryConflict: ART_17_CONFLICT }))).toEqual([
      'thirdCountryConflict',
    ]);
    // Section E needs the reasoning.
    const { reasoning: _reasoning, ...withoutReasoning } = ART_17_CONFLICT;
    expect(invalidFields(await api.act(DEMO.examplegram, id, 'non-execution', { ...base, reasons: [10], thirdCountryConflict: withoutReasoning }))).toEqual([
      'thirdCountryConflict.reasoning',
    ]);
    // Only the addressee answers with Annex III.
    refused(await api.act(DEMO.parisJudge, id, 'non-execution', { ...base, reasons: [10], thirdCountryConflict: ART_17_CONFLICT }), 403, 'ORDER_ACTION_FORBIDDEN');
    expect(await order(DEMO.examplegram, id)).toMatchObject({ status: 'ACKNOWLEDGED' });

    const notExecuted = ok(await api.act(DEMO.examplegram, id, 'non-execution', { ...base, reasons: [10], thirdCountryConflict: ART_17_CONFLICT })).body;
    expect(notExecuted).toMatchObject({ status: 'NOT_EXECUTED' });
    // Nothing is produced after non-execution.
    refused(
      await api.act(DEMO.examplegram, id, 'production', { evidenceIds: [randomUUID()], decisions: [{ target: 'suspect.account.42', category: 'CONTENT', produced: true }] }),
      409,
      'ORDER_INVALID_TRANSITION',
    );

    expect(ok(await api.act(DEMO.parisJudge, id, 'close', { note: 'Non-execution accepted; MLA to the United States.' })).body).toMatchObject({ status: 'CLOSED' });

    const chain = await steps(DEMO.parisJudge, id);
    expect(chain.map((s) => s.action)).toEqual(['CREATE', 'ISSUE', 'ACKNOWLEDGE', 'NOT_EXECUTE', 'CLOSE']);
    expect(chain[3]).toMatchObject({
      fromStatus: 'ACKNOWLEDGED',
      toStatus: 'NOT_EXECUTED',
      actor: { role: 'RESPONDER', organisationId: providers.Examplegram },
      record: { annex: 'III', reasons: [{ number: 10, code: 'THIRD_COUNTRY_CONFLICT' }], art17Conflict: true, preserved: true },
      payload: { thirdCountryConflict: ART_17_CONFLICT },
    });
    expect(await verification(DEMO.examplegram, id)).toMatchObject({ valid: true, problems: [] });
  });

  it('emergency: police issues a low-tier production alone, a judge validates it ex post within 48 hours', async () => {
    // Outside an emergency, police may not issue even a low-tier order alone (Art 4(1)(b)).
    const ordinary = ok(await api.create(DEMO.ofacOfficer, subscriberBody()), 201).body;
    refused(await api.act(DEMO.ofacOfficer, ordinary.id, 'issue'), 403, 'ORDER_ACTION_FORBIDDEN');

    const draft = ok(await api.create(DEMO.ofacOfficer, subscriberBody({ emergency: EMERGENCY })), 201).body;
    const id = draft.id as string;
    expect((await api.get(DEMO.examplegram, `orders/${id}`)).status).toBe(404);

    // Art 4(5): in an emergency police issues alone; a judicial authority must validate within 48 hours.
    const view = ok(await api.act(DEMO.ofacOfficer, id, 'issue')).body;
    const receipt = clock.now().getTime();
    expect(view).toMatchObject({
      status: 'ISSUED',
      emergency: EMERGENCY,
      validatingAuthorityId: null,
      receivedAt: iso(receipt),
      exPostValidationDueAt: iso(receipt + 48 * HOUR),
      // Art 10(4): 8 hours in an emergency.
      dueAt: iso(receipt + 8 * HOUR),
      enforcingReview: null,
    });
    // The provider has it at once.
    expect(await order(DEMO.examplegram, id)).toMatchObject({ status: 'ISSUED', parties: ['ADDRESSEE'] });
    // The police cannot validate its own order.
    refused(await api.act(DEMO.ofacOfficer, id, 'validate', { decision: 'APPROVE' }), 403, 'ORDER_ACTION_FORBIDDEN');

    clock.advance(HOUR);
    ok(await api.act(DEMO.examplegram, id, 'acknowledge'));

    // 47 hours after issue: the 8-hour production deadline has passed, the validation deadline has not.
    clock.set(iso(receipt + 47 * HOUR));
    expect(await order(DEMO.ofacOfficer, id)).toMatchObject({ status: 'ACKNOWLEDGED', overdue: true, exPostValidationDueAt: iso(receipt + 48 * HOUR) });
    const validated = ok(await api.act(DEMO.parisJudge, id, 'validate', { decision: 'APPROVE' })).body;
    // Validation ex post keeps the state and stops the 48-hour clock.
    expect(validated).toMatchObject({ status: 'ACKNOWLEDGED', exPostValidationDueAt: null, validatingAuthorityId: await organisationOf(DEMO.parisJudge) });
    // Validated once: there is nothing left to validate.
    refused(await api.act(DEMO.parisJudge, id, 'validate', { decision: 'APPROVE' }), 409, 'ORDER_INVALID_TRANSITION');

    // Past the 48 hours the sweep leaves a validated order alone.
    clock.set(iso(receipt + 49 * HOUR));
    await clock.sweep();
    expect(await order(DEMO.ofacOfficer, id)).toMatchObject({ status: 'ACKNOWLEDGED', version: validated.version, exPostValidationDueAt: null });

    const chain = await steps(DEMO.ofacOfficer, id);
    expect(chain.map((s) => s.action)).toEqual(['CREATE', 'ISSUE', 'ACKNOWLEDGE', 'VALIDATE']);
    expect(chain[1]).toMatchObject({ actor: { role: 'OFFICER' }, record: { withoutPriorValidation: true } });
    expect(chain[3]).toMatchObject({ fromStatus: 'ACKNOWLEDGED', toStatus: 'ACKNOWLEDGED', actor: { role: 'VALIDATOR' }, record: { decision: 'APPROVE', exPost: true } });
    expect(await verification(DEMO.parisJudge, id)).toMatchObject({ valid: true, problems: [] });

    // In an emergency police may also issue a preservation order of any category alone (Art 4(3), 4(5)); the prosecutor validates it ex post.
    const preservation = await issued(DEMO.ofacOfficer, orderBody(providers.Examplegram, { type: 'PRESERVATION', emergency: EMERGENCY }));
    expect(preservation.view).toMatchObject({
      tier: 'HIGH',
      preservationExpiresAt: iso(preservation.receipt + 60 * DAY),
      exPostValidationDueAt: iso(preservation.receipt + 48 * HOUR),
    });
    clock.advance(HOUR);
    ok(await api.act(DEMO.examplegram, preservation.id, 'preservation'));
    clock.set(iso(preservation.receipt + 40 * HOUR));
    expect(ok(await api.act(DEMO.parisProsecutor, preservation.id, 'validate', { decision: 'APPROVE' })).body).toMatchObject({
      status: 'PRESERVED',
      exPostValidationDueAt: null,
      preservationExpiresAt: iso(preservation.receipt + 60 * DAY),
      validatingAuthorityId: await organisationOf(DEMO.parisProsecutor),
    });
  });

  it('emergency: refused ex post, or not validated within 48 hours, the order is withdrawn; police never issues content alone', async () => {
    // (a) The judge refuses ex post: withdrawn (Art 4(5)); a refusal needs its reason.
    const refusedOrder = await issued(DEMO.ofacOfficer, subscriberBody({ emergency: EMERGENCY }));
    clock.advance(3 * HOUR);
    expect(invalidFields(await api.act(DEMO.parisJudge, refusedOrder.id, 'validate', { decision: 'REFUSE' }))).toEqual(['reason']);
    const withdrawn = ok(await api.act(DEMO.parisJudge, refusedOrder.id, 'validate', { decision: 'REFUSE', reason: 'No imminent threat is shown.' })).body;
    expect(withdrawn).toMatchObject({ status: 'WITHDRAWN', exPostValidationDueAt: null });
    expect(await order(DEMO.examplegram, refusedOrder.id)).toMatchObject({ status: 'WITHDRAWN' });
    refused(await api.act(DEMO.examplegram, refusedOrder.id, 'acknowledge'), 409, 'ORDER_INVALID_TRANSITION');
    expect((await steps(DEMO.ofacOfficer, refusedOrder.id)).at(-1)).toMatchObject({ action: 'REFUSE_VALIDATION', fromStatus: 'ISSUED', toStatus: 'WITHDRAWN', actor: { role: 'VALIDATOR' } });

    // (b) Nobody validates: a minute before the 48 hours the sweep leaves it, a minute after it withdraws it.
    const lapsed = await issued(DEMO.ofacOfficer, subscriberBody({ emergency: EMERGENCY }));
    clock.set(iso(lapsed.receipt + 48 * HOUR - MINUTE));
    await clock.sweep();
    expect(await order(DEMO.ofacOfficer, lapsed.id)).toMatchObject({ status: 'ISSUED', exPostValidationDueAt: iso(lapsed.receipt + 48 * HOUR) });
    clock.set(iso(lapsed.receipt + 48 * HOUR + MINUTE));
    expect(await clock.sweep()).toBeGreaterThanOrEqual(1);
    expect(await order(DEMO.examplegram, lapsed.id)).toMatchObject({ status: 'WITHDRAWN', exPostValidationDueAt: null });
    expect((await steps(DEMO.ofacOfficer, lapsed.id)).at(-1)).toMatchObject({
      action: 'WITHDRAW',
      fromStatus: 'ISSUED',
      toStatus: 'WITHDRAWN',
      actor: { userId: null, organisationId: null, role: 'SYSTEM' },
      payload: { reason: 'EX_POST_VALIDATION_LAPSED' },
      record: { reason: 'EX_POST_VALIDATION_LAPSED', clockEndedAt: iso(lapsed.receipt + 48 * HOUR) },
    });
    // Too late to validate.
    refused(await api.act(DEMO.parisJudge, lapsed.id, 'validate', { decision: 'APPROVE' }), 409, 'ORDER_INVALID_TRANSITION');
    expect(await verification(DEMO.parisJudge, lapsed.id)).toMatchObject({ valid: true, problems: [] });

    // (c) A validation that arrives after the 48 hours but before any sweep: the order's clock runs first.
    const raced = await issued(DEMO.ofacOfficer, subscriberBody({ emergency: EMERGENCY }));
    clock.set(iso(raced.receipt + 48 * HOUR + MINUTE));
    const late = refused(await api.act(DEMO.parisProsecutor, raced.id, 'validate', { decision: 'APPROVE' }), 409, 'ORDER_INVALID_TRANSITION');
    expect(late).toMatchObject({ state: 'WITHDRAWN' });
    expect(await order(DEMO.ofacOfficer, raced.id)).toMatchObject({ status: 'WITHDRAWN' });
    expect((await steps(DEMO.ofacOfficer, raced.id)).at(-1)).toMatchObject({ action: 'WITHDRAW', actor: { role: 'SYSTEM' }, payload: { reason: 'EX_POST_VALIDATION_LAPSED' } });

    // (d) Art 4(5): even in an emergency, content needs prior validation by a judge.
    const content = ok(await api.create(DEMO.ofacOfficer, orderBody(providers.Examplegram, { emergency: EMERGENCY })), 201).body;
    const forbidden = refused(await api.act(DEMO.ofacOfficer, content.id, 'issue'), 403, 'ORDER_ACTION_FORBIDDEN');
    expect(forbidden.detail).toContain('Art 4(5)');
    expect(await order(DEMO.ofacOfficer, content.id)).toMatchObject({ status: 'DRAFT', exPostValidationDueAt: null });
  });

  it('enforcing review: grounds raised in full by Ireland stop production, and the issuer withdraws', async () => {
    const { id, receipt } = await issued(DEMO.parisJudge, orderBody(providers.Examplegram));
    expect(await order(DEMO.irishReviewer, id)).toMatchObject({ status: 'ISSUED', enforcingReview: { state: 'IE', status: 'PENDING', suspensive: true, endsAt: iso(receipt + 10 * DAY) } });
    clock.advance(HOUR);
    ok(await api.act(DEMO.examplegram, id, 'acknowledge'));
    const evidence = await upload(DEMO.examplegram, id, Buffer.from('From: suspect\nSubject: listing 7\n\nfake\n'), 'mailbox.mbox');
    const production = { evidenceIds: [evidence.id], decisions: [{ target: 'suspect.account.42', category: 'CONTENT', produced: true }] };

    // Art 12(1): grounds must be named; only the enforcing authority reviews.
    clock.advance(3 * DAY);
    expect(invalidFields(await api.act(DEMO.irishReviewer, id, 'enforcing-review', { decision: 'GROUNDS_RAISED' }))).toEqual(['grounds']);
    refused(await api.act(DEMO.parisJudge, id, 'enforcing-review', { decision: 'NO_GROUNDS' }), 403, 'ORDER_ACTION_FORBIDDEN');
    const reviewed = ok(await api.act(DEMO.irishReviewer, id, 'enforcing-review', { decision: 'GROUNDS_RAISED', grounds: ['FUNDAMENTAL_RIGHTS'], explanation: 'Manifest breach of Art 11 of the Charter.' })).body;
    expect(reviewed).toMatchObject({ status: 'ACKNOWLEDGED', enforcingReview: { status: 'GROUNDS_RAISED', grounds: ['FUNDAMENTAL_RIGHTS'], partial: false, decidedAt: iso(clock.now().getTime()) } });
    // One decision only.
    refused(await api.act(DEMO.irishReviewer, id, 'enforcing-review', { decision: 'NO_GROUNDS' }), 409, 'ORDER_INVALID_TRANSITION');

    // Art 12(2): grounds raised in full: the data may not be transferred.
    refused(await api.act(DEMO.examplegram, id, 'production', production), 409, 'ORDER_INVALID_TRANSITION');
    expect(await order(DEMO.examplegram, id)).toMatchObject({ status: 'ACKNOWLEDGED' });

    // ... and the issuer withdraws (a withdrawal says why).
    expect(invalidFields(await api.act(DEMO.parisJudge, id, 'withdraw', {}))).toEqual(['reason']);
    const withdrawn = ok(await api.act(DEMO.parisJudge, id, 'withdraw', { reason: 'Grounds for refusal raised in full by Ireland.' })).body;
    expect(withdrawn).toMatchObject({ status: 'WITHDRAWN' });
    refused(await api.act(DEMO.examplegram, id, 'production', production), 409, 'ORDER_INVALID_TRANSITION');

    const chain = await steps(DEMO.irishReviewer, id);
    expect(chain.map((s) => s.action)).toEqual(['CREATE', 'ISSUE', 'ACKNOWLEDGE', 'REVIEW', 'WITHDRAW']);
    expect(chain[3]).toMatchObject({ actor: { role: 'REVIEWER' }, record: { decision: 'GROUNDS_RAISED', grounds: ['FUNDAMENTAL_RIGHTS'], partial: false, issuerMustWithdraw: true } });
    expect(chain[4]).toMatchObject({ fromStatus: 'ACKNOWLEDGED', toStatus: 'WITHDRAWN', actor: { role: 'VALIDATOR' } });
    expect(await verification(DEMO.parisJudge, id)).toMatchObject({ valid: true, problems: [] });
  });

  it('bad input on create: identifiers named by field, and no instrument for a domestic British order to Albion Mail', async () => {
    const identification = (target: Record<string, unknown>) =>
      orderBody(providers.Nordtel, { dataCategories: ['IDENTIFICATION'], targets: [{ kind: 'IP_ADDRESS', value: '203.0.113.7', ...target }] });

    // Behind carrier-grade NAT an IPv4 address identifies a subscriber only with its source port and timestamp.
    expect(invalidFields(await api.create(DEMO.ofacOfficer, identification({})))).toEqual(expect.arrayContaining(['targets[0].sourcePort', 'targets[0].timestamp']));
    expect(invalidFields(await api.create(DEMO.ofacOfficer, identification({ sourcePort: 51234 })))).toEqual(['targets[0].timestamp']);
    // A timestamp without its offset is ambiguous.
    expect(invalidFields(await api.create(DEMO.ofacOfficer, identification({ sourcePort: 51234, timestamp: '2026-09-01T12:15:30' })))).toEqual(['targets[0].timestamp']);
    // ... and without seconds too coarse.
    expect(invalidFields(await api.create(DEMO.ofacOfficer, identification({ sourcePort: 51234, timestamp: '2026-09-01T12:15+02:00' })))).toEqual(['targets[0].timestamp']);
    // A malformed e-mail address.
    const email = orderBody(providers.Examplegram, { dataCategories: ['SUBSCRIBER'], targets: [{ kind: 'EMAIL', value: 'suspect@@example.org' }] });
    expect(invalidFields(await api.create(DEMO.ofacOfficer, email))).toEqual(['targets[0].value']);

    // The same identification, complete, is accepted and its timestamp stored in UTC.
    const good = ok(await api.create(DEMO.ofacOfficer, identification({ sourcePort: 51234, timestamp: '2026-09-01T12:15:30+02:00', destinationIp: '198.51.100.20', destinationPort: 443, protocol: 'TCP' })), 201).body;
    expect(good.targets).toEqual([{ kind: 'IP_ADDRESS', value: '203.0.113.7', sourcePort: 51234, timestamp: '2026-09-01T10:15:30Z', destinationIp: '198.51.100.20', destinationPort: 443, protocol: 'TCP' }]);

    // Albion Mail sits only in the United Kingdom: from the United Kingdom itself no instrument applies.
    const question = { issuingCountry: 'GB', providerId: providers['Albion Mail'], orderType: 'PRODUCTION', dataCategories: ['SUBSCRIBER'], offence: { maxSentenceMonths: 60 }, emergency: false };
    const routed = ok(await t.http().post('/api/v1/routing/evaluate').set({ authorization: `Bearer ${await t.login(DEMO.ncaOfficer)}` }).send(question)).body;
    expect(routed.selected).toBeNull();

    const response = await api.create(DEMO.ncaOfficer, orderBody(providers['Albion Mail'], { dataCategories: ['SUBSCRIBER'], caseReference: 'NCA-2026-0099' }));
    const problem = refused(response, 422, 'ROUTING_NO_INSTRUMENT') as { candidates?: { instrument: string; eligible: boolean; reasons: { code: string }[] }[] };
    expect(problem.candidates?.map((c) => c.instrument).sort()).toEqual(routed.candidates.map((c: { instrument: string }) => c.instrument).sort());
    for (const candidate of problem.candidates ?? []) {
      expect(candidate.eligible).toBe(false);
      expect(candidate.reasons.length).toBeGreaterThan(0);
    }
    // Nothing was drafted.
    expect(ok(await api.get(DEMO.ncaOfficer, 'orders?box=outbox')).body.items).toEqual([]);
  });
});
