import { randomUUID } from 'node:crypto';
import { DEMO } from './support/demo-accounts.js';
import { demoDirectory, fixClock, orderBody, ordersClient, expectStatus as ok } from './support/orders.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * docs/api.md, "Conventions": an order another organisation may not see answers 404 exactly as if it did
 * not exist, on every endpoint; concurrent transitions are serialised (exactly one wins); If-Match
 * gets 412 when stale; Idempotency-Key replays the stored answer, 422 on another body, 409 in flight.
 * Runs on the embedded PGlite and, with DATABASE_URL, on a PostgreSQL server.
 */

type Email = (typeof DEMO)[keyof typeof DEMO];
type Method = 'get' | 'post' | 'patch';
interface Answer {
  status: number;
  body: Record<string, unknown> & { code?: string; items?: Record<string, unknown>[]; nextCursor?: string | null };
  headers: Record<string, string | undefined>;
  text: string;
}

/** One order endpoint, with a body its validation accepts (so only visibility can refuse it). */
interface Endpoint {
  name: string;
  method: Method;
  path: (id: string) => string;
  body?: Record<string, unknown>;
  octet?: Buffer;
}

const ENDPOINTS: Endpoint[] = [
  { name: 'GET /orders/:id', method: 'get', path: (id) => `orders/${id}` },
  { name: 'PATCH /orders/:id', method: 'patch', path: (id) => `orders/${id}`, body: { caseReference: 'PROBE-AMEND' } },
  { name: 'GET steps', method: 'get', path: (id) => `orders/${id}/steps` },
  { name: 'GET verification', method: 'get', path: (id) => `orders/${id}/verification` },
  { name: 'GET evidence', method: 'get', path: (id) => `orders/${id}/evidence` },
  { name: 'POST evidence', method: 'post', path: (id) => `orders/${id}/evidence`, octet: Buffer.from('probe evidence bytes\n') },
  { name: 'POST submit', method: 'post', path: (id) => `orders/${id}/submit`, body: {} },
  { name: 'POST validate', method: 'post', path: (id) => `orders/${id}/validate`, body: { decision: 'APPROVE' } },
  { name: 'POST issue', method: 'post', path: (id) => `orders/${id}/issue`, body: {} },
  { name: 'POST acknowledge', method: 'post', path: (id) => `orders/${id}/acknowledge`, body: {} },
  { name: 'POST clarification-request', method: 'post', path: (id) => `orders/${id}/clarification-request`, body: { reasons: ['INSUFFICIENT_INFORMATION'], message: 'probe' } },
  { name: 'POST clarification', method: 'post', path: (id) => `orders/${id}/clarification`, body: { message: 'probe' } },
  { name: 'POST preservation', method: 'post', path: (id) => `orders/${id}/preservation`, body: {} },
  { name: 'POST preservation-extension', method: 'post', path: (id) => `orders/${id}/preservation-extension`, body: {} },
  { name: 'POST subsequent-request', method: 'post', path: (id) => `orders/${id}/subsequent-request`, body: { kind: 'EPOC', reference: 'EPOC probe', issuedAt: '2026-09-20T09:00:00Z' } },
  { name: 'POST enforcing-review', method: 'post', path: (id) => `orders/${id}/enforcing-review`, body: { decision: 'NO_GROUNDS' } },
  { name: 'POST non-execution', method: 'post', path: (id) => `orders/${id}/non-execution`, body: { reasons: ['DATA_NOT_STORED'], explanation: 'probe', preservation: { preserved: true } } },
  {
    name: 'POST production',
    method: 'post',
    path: (id) => `orders/${id}/production`,
    body: { evidenceIds: [randomUUID()], decisions: [{ target: 'suspect.account.42', category: 'CONTENT', produced: true }] },
  },
  { name: 'POST withdraw', method: 'post', path: (id) => `orders/${id}/withdraw`, body: { reason: 'probe' } },
  { name: 'POST close', method: 'post', path: (id) => `orders/${id}/close`, body: {} },
  { name: 'POST certify', method: 'post', path: (id) => `orders/${id}/certify`, body: { decision: 'CERTIFY' } },
  { name: 'POST forward', method: 'post', path: (id) => `orders/${id}/forward`, body: { decision: 'FORWARD' } },
  { name: 'POST countersign', method: 'post', path: (id) => `orders/${id}/countersign`, body: {} },
  { name: 'POST challenge', method: 'post', path: (id) => `orders/${id}/challenge`, body: { reason: 'probe' } },
];

/** One person of each demo organisation (OFAC's second officer is the same organisation as its first). */
const ALL_USERS = (Object.values(DEMO) as Email[]).filter((email) => email !== DEMO.ofacDuty);

/** Runs `work` over `items` in chunks of `size` simultaneous requests. */
async function inChunks<T, R>(items: T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size) results.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  return results;
}

describe('orders: isolation between organisations, concurrency, If-Match and Idempotency-Key', () => {
  let t: TestApp;
  let providers: Awaited<ReturnType<typeof demoDirectory>>;
  let api: ReturnType<typeof ordersClient>;

  /** Expects `status`, showing the body when it differs. */

  /** Any request as a demo user; `octet` sends an evidence upload. */
  async function call(email: Email, method: Method, path: string, options: { body?: Record<string, unknown>; octet?: Buffer; headers?: Record<string, string> } = {}): Promise<Answer> {
    const request = t.http()[method](`/api/v1/${path}`).set({ authorization: `Bearer ${await t.login(email)}`, ...(options.headers ?? {}) });
    const response = options.octet
      ? await request.set({ 'content-type': 'application/octet-stream', 'content-disposition': 'attachment; filename="probe.bin"' }).send(options.octet)
      : options.body !== undefined
        ? await request.send(options.body)
        : await request;
    return { status: response.status, body: response.body, headers: response.headers as Record<string, string | undefined>, text: response.text };
  }

  /** Every id of a list, following the cursor. */
  async function listIds(email: Email, query = ''): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null | undefined;
    do {
      const page = ok(await call(email, 'get', `orders?limit=200${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).body;
      ids.push(...(page.items ?? []).map((item) => item.id as string));
      cursor = page.nextCursor;
    } while (cursor);
    return ids;
  }

  /** A unique content order of the OFAC officer, with texts that can be searched for. */
  function uniqueBody(label: string, overrides: Record<string, unknown> = {}) {
    const tag = `${label}-${randomUUID().slice(0, 8)}`;
    return orderBody(providers.Examplegram, {
      caseReference: `ISO-${tag}`,
      caseSummary: `Section M summary ${tag}: the suspect defrauded 40 victims.`,
      necessityGrounds: `Section M necessity ${tag}: the messages identify the accomplices.`,
      ...overrides,
    });
  }

  /** DRAFT → PENDING_VALIDATION → ISSUED: the OFAC officer drafts, the Paris judge validates. */
  async function issuedContentOrder(label: string) {
    const body = uniqueBody(label);
    const id = ok(await api.create(DEMO.ofacOfficer, body), 201).body.id as string;
    ok(await api.act(DEMO.ofacOfficer, id, 'submit'));
    const issued = ok(await api.act(DEMO.parisJudge, id, 'validate', { decision: 'APPROVE' })).body;
    expect(issued).toMatchObject({ status: 'ISSUED' });
    return { id, body, order: issued as Record<string, unknown> };
  }

  async function stepsOf(email: Email, id: string): Promise<Record<string, unknown>[]> {
    return ok(await call(email, 'get', `orders/${id}/steps`)).body.items!;
  }

  beforeAll(async () => {
    t = await startTestApp({ ORDER_CLOCK_INTERVAL_MS: '0' });
    fixClock(t);
    providers = await demoDirectory(t);
    api = ordersClient(t);
    // Log everyone in once, before requests are fired in parallel.
    for (const email of ALL_USERS) await t.login(email);
  });
  afterAll(() => t.close());

  // -----------------------------------------------------------------------------------------------

  describe('cross-tenant probes', () => {
    interface Fixture {
      label: string;
      id: string;
      reference: string;
      caseReference: string;
      secrets: string[];
      /** Who sees it, and as what. */
      parties: Partial<Record<Email, string[]>>;
      issuer: Email;
      version: number;
      status: string;
    }
    const fixtures: Fixture[] = [];

    const nonParties = (fixture: Fixture) => ALL_USERS.filter((email) => !(email in fixture.parties));

    beforeAll(async () => {
      const fixture = (label: string, body: Record<string, unknown>, order: Record<string, unknown>, issuer: Email, parties: Fixture['parties']): Fixture => ({
        label,
        id: order.id as string,
        reference: order.reference as string,
        caseReference: body.caseReference as string,
        secrets: [body.caseSummary as string, body.necessityGrounds as string],
        parties,
        issuer,
        version: order.version as number,
        status: order.status as string,
      });

      // A draft of the OFAC officer: only OFAC.
      const draftBody = uniqueBody('DRAFT');
      const draft = ok(await api.create(DEMO.ofacOfficer, draftBody), 201).body;
      fixtures.push(fixture('DRAFT', draftBody, draft, DEMO.ofacOfficer, { [DEMO.ofacOfficer]: ['ISSUING'] }));

      // A content order submitted without naming a validator: the investigating judge is a candidate, the prosecutor is not.
      const pendingBody = uniqueBody('PENDING');
      const pendingId = ok(await api.create(DEMO.ofacOfficer, pendingBody), 201).body.id as string;
      const pending = ok(await api.act(DEMO.ofacOfficer, pendingId, 'submit')).body;
      expect(pending).toMatchObject({ status: 'PENDING_VALIDATION' });
      fixtures.push(fixture('PENDING_VALIDATION', pendingBody, pending, DEMO.ofacOfficer, { [DEMO.ofacOfficer]: ['ISSUING'], [DEMO.parisJudge]: ['VALIDATION_CANDIDATE'] }));

      // A content order validated by the Paris judge: Examplegram receives it, Ireland is notified.
      const issued = await issuedContentOrder('ISSUED');
      expect(issued.order).toMatchObject({ enforcingReview: { state: 'IE', status: 'PENDING' } });
      fixtures.push(
        fixture('ISSUED content', issued.body, issued.order, DEMO.ofacOfficer, {
          [DEMO.ofacOfficer]: ['ISSUING'],
          [DEMO.parisJudge]: ['VALIDATING'],
          [DEMO.examplegram]: ['ADDRESSEE'],
          [DEMO.irishReviewer]: ['ENFORCING'],
        }),
      );

      // A subscriber order the Paris prosecutor issues alone: no validator, no enforcing authority.
      const lowBody = uniqueBody('SUBSCRIBER', { dataCategories: ['SUBSCRIBER'] });
      const lowId = ok(await api.create(DEMO.parisProsecutor, lowBody), 201).body.id as string;
      const low = ok(await api.act(DEMO.parisProsecutor, lowId, 'issue')).body;
      expect(low).toMatchObject({ status: 'ISSUED', tier: 'LOW', enforcingReview: null });
      fixtures.push(fixture('ISSUED subscriber', lowBody, low, DEMO.parisProsecutor, { [DEMO.parisProsecutor]: ['ISSUING'], [DEMO.examplegram]: ['ADDRESSEE'] }));
    });

    it('each party sees its orders, as the part it plays (the control for the probes below)', async () => {
      for (const fixture of fixtures) {
        for (const [email, parties] of Object.entries(fixture.parties) as [Email, string[]][]) {
          const seen = await call(email, 'get', `orders/${fixture.id}`);
          expect({ order: fixture.label, email, status: seen.status, parties: seen.body.parties }).toEqual({ order: fixture.label, email, status: 200, parties });
        }
      }
    });

    it('every organisation that is not a party gets 404 ORDER_NOT_FOUND on every order endpoint, exactly as for an order that does not exist', async () => {
      const missing = randomUUID();
      const normalise = (answer: Answer, id: string) => JSON.stringify(answer.body).split(id).join('<id>');

      // What each user gets for an id that exists nowhere, per endpoint.
      const baselineJobs = ALL_USERS.flatMap((email) => ENDPOINTS.map((endpoint) => ({ email, endpoint })));
      const baselines = new Map<string, Answer>();
      await inChunks(baselineJobs, 20, async ({ email, endpoint }) => {
        const answer = await call(email, endpoint.method, endpoint.path(missing), { body: endpoint.body, octet: endpoint.octet });
        baselines.set(`${email} ${endpoint.name}`, answer);
      });
      for (const [key, answer] of baselines) {
        expect({ key, status: answer.status, code: answer.body.code }).toEqual({ key, status: 404, code: 'ORDER_NOT_FOUND' });
      }

      const jobs = fixtures.flatMap((fixture) => nonParties(fixture).flatMap((email) => ENDPOINTS.map((endpoint) => ({ fixture, email, endpoint }))));
      const failures: string[] = [];
      await inChunks(jobs, 20, async ({ fixture, email, endpoint }) => {
        const answer = await call(email, endpoint.method, endpoint.path(fixture.id), { body: endpoint.body, octet: endpoint.octet });
        const where = `${fixture.label} order, ${email}, ${endpoint.name}:`;
        if (answer.status !== 404 || answer.body.code !== 'ORDER_NOT_FOUND') failures.push(`${where} ${answer.status} ${answer.text.slice(0, 300)}`);
        for (const secret of [fixture.reference, fixture.caseReference, ...fixture.secrets]) {
          if (answer.text.includes(secret)) failures.push(`${where} the answer contains "${secret}"`);
        }
        // The id the caller sent may be echoed (detail, instance); nothing else may differ from a missing order.
        const baseline = baselines.get(`${email} ${endpoint.name}`)!;
        if (normalise(answer, fixture.id) !== normalise(baseline, missing)) failures.push(`${where} differs from a missing order: ${answer.text} vs ${baseline.text}`);
        if (answer.headers.etag !== undefined) failures.push(`${where} carries an etag ${answer.headers.etag}`);
      });
      expect(failures).toEqual([]);
      // 4 orders: 13 + 12 + 10 + 12 organisations outside them, 24 endpoints each.
      expect(jobs).toHaveLength(47 * ENDPOINTS.length);
      expect(ENDPOINTS).toHaveLength(24);

      // Nothing any probe did reached an order.
      for (const fixture of fixtures) {
        const after = ok(await call(fixture.issuer, 'get', `orders/${fixture.id}`)).body;
        expect({ order: fixture.label, status: after.status, version: after.version }).toEqual({ order: fixture.label, status: fixture.status, version: fixture.version });
        expect(await stepsOf(fixture.issuer, fixture.id)).toHaveLength(fixture.version);
      }
      const issued = fixtures.find((fixture) => fixture.label === 'ISSUED content')!;
      expect(ok(await call(DEMO.examplegram, 'get', `orders/${issued.id}/evidence`)).body.items).toEqual([]);
    });

    it('no list of an organisation outside an order names it (all, inbox, outbox), while the parties\' lists do', async () => {
      const lists = new Map<Email, { all: string[]; inbox: string[]; outbox: string[] }>();
      await Promise.all(
        ALL_USERS.map(async (email) => {
          const [all, inbox, outbox] = await Promise.all([listIds(email), listIds(email, '&box=inbox'), listIds(email, '&box=outbox')]);
          lists.set(email, { all, inbox, outbox });
        }),
      );
      const failures: string[] = [];
      for (const fixture of fixtures) {
        for (const email of nonParties(fixture)) {
          for (const [box, ids] of Object.entries(lists.get(email)!)) if (ids.includes(fixture.id)) failures.push(`${fixture.label} order in the ${box} list of ${email}`);
        }
        for (const email of Object.keys(fixture.parties) as Email[]) {
          const { all, inbox, outbox } = lists.get(email)!;
          const box = email === fixture.issuer ? outbox : inbox;
          if (!all.includes(fixture.id) || !box.includes(fixture.id)) failures.push(`${fixture.label} order missing from the lists of its party ${email}`);
        }
      }
      expect(failures).toEqual([]);
    });

    it('the provider reads neither Section M nor the drafting payloads; the issuing side does', async () => {
      for (const label of ['ISSUED content', 'ISSUED subscriber']) {
        const fixture = fixtures.find((f) => f.label === label)!;
        const seen = ok(await call(DEMO.examplegram, 'get', `orders/${fixture.id}`)).body;
        expect(seen).toMatchObject({ id: fixture.id, parties: ['ADDRESSEE'] });
        expect(seen).not.toHaveProperty('caseSummary');
        expect(seen).not.toHaveProperty('necessityGrounds');
        for (const secret of fixture.secrets) expect(JSON.stringify(seen)).not.toContain(secret);

        const providerSteps = await stepsOf(DEMO.examplegram, fixture.id);
        const create = providerSteps.find((step) => step.action === 'CREATE')!;
        expect(create).toBeDefined();
        expect(create).not.toHaveProperty('payload');
        for (const secret of fixture.secrets) expect(JSON.stringify(providerSteps)).not.toContain(secret);
        // Before the order was issued (drafting, submission, validation) the provider sees steps by
        // their digests only; from the issuing step on, payloads and records are every party's.
        const release = providerSteps.findIndex((step) => step.toStatus === 'ISSUED');
        expect(release).toBeGreaterThan(0);
        expect(providerSteps.slice(0, release).some((step) => 'payload' in step || 'record' in step)).toBe(false);
        expect(providerSteps.slice(release).every((step) => 'payload' in step && 'record' in step)).toBe(true);

        const issuerSteps = await stepsOf(fixture.issuer, fixture.id);
        expect(issuerSteps.find((step) => step.action === 'CREATE')).toMatchObject({ payload: { caseSummary: fixture.secrets[0], necessityGrounds: fixture.secrets[1] } });
        expect(ok(await call(fixture.issuer, 'get', `orders/${fixture.id}`)).body).toMatchObject({ caseSummary: fixture.secrets[0], necessityGrounds: fixture.secrets[1] });
      }
      const content = fixtures.find((f) => f.label === 'ISSUED content')!;
      expect(ok(await call(DEMO.irishReviewer, 'get', `orders/${content.id}`)).body).toMatchObject({ caseSummary: content.secrets[0] });
      expect((await stepsOf(DEMO.irishReviewer, content.id)).find((step) => step.action === 'CREATE')).toHaveProperty('payload');
    });
  });

  // -----------------------------------------------------------------------------------------------

  describe('concurrent transitions', () => {
    it('20 simultaneous acknowledgements of one issued order: exactly one wins, one ACKNOWLEDGE step, the chain still verifies', async () => {
      const { id, order } = await issuedContentOrder('RACE');
      const answers = await Promise.all(Array.from({ length: 20 }, () => api.act(DEMO.examplegram, id, 'acknowledge')));
      const statuses = answers.map((answer) => answer.status).sort();
      expect(statuses).toEqual([200, ...Array<number>(19).fill(409)]);
      for (const answer of answers.filter((a) => a.status === 409)) {
        expect(['ORDER_INVALID_TRANSITION', 'ORDER_VERSION_CONFLICT']).toContain(answer.body.code);
      }
      const winner = answers.find((answer) => answer.status === 200)!.body;
      expect(winner).toMatchObject({ status: 'ACKNOWLEDGED', version: (order.version as number) + 1 });

      const after = ok(await call(DEMO.ofacOfficer, 'get', `orders/${id}`)).body;
      expect(after).toMatchObject({ status: 'ACKNOWLEDGED', version: (order.version as number) + 1 });
      const steps = await stepsOf(DEMO.ofacOfficer, id);
      expect(steps.map((step) => step.action)).toEqual(['CREATE', 'SUBMIT', 'VALIDATE', 'ACKNOWLEDGE']);
      expect(steps.map((step) => step.seq)).toEqual([1, 2, 3, 4]);
      const verification = ok(await call(DEMO.examplegram, 'get', `orders/${id}/verification`)).body;
      expect(verification).toMatchObject({ valid: true, problems: [] });
      expect(verification.steps).toHaveLength(4);
    });
  });

  // -----------------------------------------------------------------------------------------------

  describe('If-Match', () => {
    it('GET answers the version as an etag; a stale If-Match gets 412 and changes nothing; the current one goes through; a malformed one is a 400', async () => {
      const { id } = await issuedContentOrder('IFMATCH');
      const read = ok(await call(DEMO.examplegram, 'get', `orders/${id}`));
      const version = read.body.version as number;
      expect(read.headers.etag).toBe(`"${version}"`);

      const stale = await api.act(DEMO.examplegram, id, 'acknowledge', {}, { 'if-match': `"${version - 1}"` });
      expect(stale.status).toBe(412);
      expect(stale.body).toMatchObject({ code: 'ORDER_VERSION_MISMATCH', status: 412 });

      const malformed = await api.act(DEMO.examplegram, id, 'acknowledge', {}, { 'if-match': 'version three' });
      expect(malformed.status).toBe(400);
      expect(malformed.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'If-Match' })]));

      const unchanged = ok(await call(DEMO.examplegram, 'get', `orders/${id}`));
      expect(unchanged.body).toMatchObject({ status: 'ISSUED', version });
      expect(unchanged.headers.etag).toBe(`"${version}"`);
      expect(await stepsOf(DEMO.examplegram, id)).toHaveLength(version);

      const current = ok(await api.act(DEMO.examplegram, id, 'acknowledge', {}, { 'if-match': `"${version}"` }));
      expect(current.body).toMatchObject({ status: 'ACKNOWLEDGED', version: version + 1 });
      expect(current.headers.etag).toBe(`"${version + 1}"`);
      expect(ok(await call(DEMO.ofacOfficer, 'get', `orders/${id}`)).headers.etag).toBe(`"${version + 1}"`);

      // The version it named is stale now.
      const late = await api.act(DEMO.examplegram, id, 'clarification-request', { reasons: ['INCOMPLETE'], message: 'Which account?' }, { 'if-match': `"${version}"` });
      expect(late.status).toBe(412);
      expect(late.body).toMatchObject({ code: 'ORDER_VERSION_MISMATCH' });
      expect(ok(await call(DEMO.examplegram, 'get', `orders/${id}`)).body).toMatchObject({ status: 'ACKNOWLEDGED', version: version + 1 });
    });

    it('PATCH of a draft honours If-Match the same way', async () => {
      const draft = ok(await api.create(DEMO.ofacOfficer, uniqueBody('IFMATCH-DRAFT')), 201);
      const id = draft.body.id as string;
      expect(draft.headers.etag).toBe(`"${draft.body.version}"`);
      const stale = await api.patch(DEMO.ofacOfficer, id, { caseReference: 'ISO-AMENDED-STALE' }, { 'if-match': `"${(draft.body.version as number) + 1}"` });
      expect(stale.status).toBe(412);
      expect(stale.body).toMatchObject({ code: 'ORDER_VERSION_MISMATCH' });
      expect(ok(await call(DEMO.ofacOfficer, 'get', `orders/${id}`)).body).toMatchObject({ version: draft.body.version, caseReference: draft.body.caseReference });
      const amended = ok(await api.patch(DEMO.ofacOfficer, id, { caseReference: 'ISO-AMENDED' }, { 'if-match': `"${draft.body.version}"` }));
      expect(amended.body).toMatchObject({ status: 'DRAFT', version: (draft.body.version as number) + 1, caseReference: 'ISO-AMENDED' });
    });
  });

  // -----------------------------------------------------------------------------------------------

  describe('Idempotency-Key', () => {
    const outboxWith = async (email: Email, caseReference: string) => {
      const ids = new Set<string>();
      let cursor: string | null | undefined;
      do {
        const page = ok(await call(email, 'get', `orders?box=outbox&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).body;
        for (const item of page.items ?? []) if (item.caseReference === caseReference) ids.add(item.id as string);
        cursor = page.nextCursor;
      } while (cursor);
      return [...ids];
    };
    const create = async (email: Email, body: Record<string, unknown>, key: string) => call(email, 'post', 'orders', { body, headers: { 'idempotency-key': key } });

    it('POST /orders replayed with the same key and body answers the stored 201 and body, and creates one order', async () => {
      const key = randomUUID();
      const body = uniqueBody('IDEM');
      const first = ok(await create(DEMO.ofacOfficer, body, key), 201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      const second = ok(await create(DEMO.ofacOfficer, body, key), 201);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(second.body).toEqual(first.body);
      expect(await outboxWith(DEMO.ofacOfficer, body.caseReference as string)).toEqual([first.body.id]);

      // The same key with another body is another request: 422, and still one order.
      const other = await create(DEMO.ofacOfficer, { ...body, caseSummary: 'Another summary.' }, key);
      expect(other.status).toBe(422);
      expect(other.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
      expect(await outboxWith(DEMO.ofacOfficer, body.caseReference as string)).toEqual([first.body.id]);

      // Keys are the user's own: the prosecutor's identical request with the same key is new.
      const elsewhere = ok(await create(DEMO.parisProsecutor, body, key), 201);
      expect(elsewhere.headers['idempotent-replayed']).toBeUndefined();
      expect(elsewhere.body.id).not.toBe(first.body.id);
      expect(elsewhere.body).toMatchObject({ status: 'DRAFT', version: 1, parties: ['ISSUING'] });
      expect(await outboxWith(DEMO.parisProsecutor, body.caseReference as string)).toEqual([elsewhere.body.id]);
      expect(await outboxWith(DEMO.ofacOfficer, body.caseReference as string)).toEqual([first.body.id]);
      // ... and each user's replay answers that user's own order.
      const againOfac = ok(await create(DEMO.ofacOfficer, body, key), 201);
      const againProsecutor = ok(await create(DEMO.parisProsecutor, body, key), 201);
      expect(againOfac.body.id).toBe(first.body.id);
      expect(againProsecutor.body.id).toBe(elsewhere.body.id);
    });

    it('a transition replayed with its key answers the same 200 and body and appends one step', async () => {
      const { id } = await issuedContentOrder('IDEM-ACK');
      const key = randomUUID();
      const first = ok(await api.act(DEMO.examplegram, id, 'acknowledge', {}, { 'idempotency-key': key }));
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      const second = ok(await api.act(DEMO.examplegram, id, 'acknowledge', {}, { 'idempotency-key': key }));
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(second.body).toEqual(first.body);
      expect(first.body).toMatchObject({ status: 'ACKNOWLEDGED' });
      const actions = (await stepsOf(DEMO.examplegram, id)).map((step) => step.action);
      expect(actions.filter((action) => action === 'ACKNOWLEDGE')).toHaveLength(1);

      // Without the key, the same request is a new one, and the state refuses it.
      const unkeyed = await api.act(DEMO.examplegram, id, 'acknowledge');
      expect(unkeyed.status).toBe(409);
      expect(unkeyed.body).toMatchObject({ code: 'ORDER_INVALID_TRANSITION' });
    });

    it('a client error is replayed as stored; a conflict is not stored, so a retry runs once the state allows it', async () => {
      const { id } = await issuedContentOrder('IDEM-ERR');
      // 403: the issuing side may not acknowledge. Stored and replayed, with the same body.
      const key = randomUUID();
      const forbidden = await api.act(DEMO.ofacOfficer, id, 'acknowledge', {}, { 'idempotency-key': key });
      expect(forbidden.body).toMatchObject({ status: 403, code: 'ORDER_ACTION_FORBIDDEN' });
      const again = await api.act(DEMO.ofacOfficer, id, 'acknowledge', {}, { 'idempotency-key': key });
      expect(again.status).toBe(403);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(forbidden.body);

      // 409: nothing to clarify yet. A conflict describes a passing state: the key is freed.
      const retryKey = randomUUID();
      const clarification = { message: 'The account is suspect.account.42.' };
      const refused = await api.act(DEMO.ofacOfficer, id, 'clarification', clarification, { 'idempotency-key': retryKey });
      expect(refused.body).toMatchObject({ status: 409, code: 'ORDER_INVALID_TRANSITION' });
      ok(await api.act(DEMO.examplegram, id, 'clarification-request', { reasons: ['INSUFFICIENT_INFORMATION'], message: 'Which account?' }));
      const retried = ok(await api.act(DEMO.ofacOfficer, id, 'clarification', clarification, { 'idempotency-key': retryKey }));
      expect(retried.headers['idempotent-replayed']).toBeUndefined();
      expect(retried.body).toMatchObject({ status: 'ISSUED' });
      // Now it is stored: the same key replays the success.
      const replayed = ok(await api.act(DEMO.ofacOfficer, id, 'clarification', clarification, { 'idempotency-key': retryKey }));
      expect(replayed.headers['idempotent-replayed']).toBe('true');
      expect((await stepsOf(DEMO.ofacOfficer, id)).filter((step) => step.action === 'CLARIFY')).toHaveLength(1);
    });

    it('two identical keyed requests at the same time: one creates, the other is told it is in flight or replays it; one order', async () => {
      for (let round = 0; round < 5; round += 1) {
        const key = randomUUID();
        const body = uniqueBody(`INFLIGHT${round}`);
        const answers = await Promise.all([create(DEMO.ofacOfficer, body, key), create(DEMO.ofacOfficer, body, key)]);
        const created = answers.filter((answer) => answer.status === 201 && answer.headers['idempotent-replayed'] === undefined);
        expect({ round, created: created.length, statuses: answers.map((a) => a.status) }).toMatchObject({ round, created: 1 });
        const other = answers.find((answer) => answer !== created[0])!;
        if (other.status === 201) {
          expect(other.headers['idempotent-replayed']).toBe('true');
          expect(other.body).toEqual(created[0].body);
        } else {
          expect({ status: other.status, code: other.body.code }).toEqual({ status: 409, code: 'IDEMPOTENCY_REQUEST_IN_FLIGHT' });
        }
        expect(await outboxWith(DEMO.ofacOfficer, body.caseReference as string)).toEqual([created[0].body.id]);
        // Once done, the key replays.
        const later = ok(await create(DEMO.ofacOfficer, body, key), 201);
        expect(later.headers['idempotent-replayed']).toBe('true');
        expect(later.body.id).toBe(created[0].body.id);
      }
    });
  });
});
