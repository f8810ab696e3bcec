import { randomUUID } from 'node:crypto';
import { INSTRUMENT_CODES } from '../libs/routing/index.js';
import { DEMO } from './support/demo-accounts.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** A routing question; each test overrides what it is about. The date falls after 2026-08-18. */
function evaluation(overrides: Record<string, unknown> = {}) {
  return {
    issuingCountry: 'FR',
    orderType: 'PRODUCTION',
    dataCategories: ['CONTENT'],
    offence: { maxSentenceMonths: 60 },
    emergency: false,
    date: '2026-09-01',
    ...overrides,
  };
}

describe('routing', () => {
  let t: TestApp;
  let provider: Record<'Examplegram' | 'Nordtel' | 'Albion Mail', string>;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const evaluate = async (email: string, body: Record<string, unknown>) =>
    t.http().post('/api/v1/routing/evaluate').set(bearer(await t.login(email))).send(body);
  /** Evaluates and expects 200, showing the body when it is not. */
  const route = async (email: string, body: Record<string, unknown>) => {
    const response = await evaluate(email, body);
    expect({ status: response.status, body: response.body }).toMatchObject({ status: 200 });
    return response;
  };

  beforeAll(async () => {
    t = await startTestApp();
    const directory = await t.http().get('/api/v1/providers').set(bearer(await t.login(DEMO.ofacOfficer))).expect(200);
    provider = Object.fromEntries(directory.body.items.map((item: { name: string; id: string }) => [item.name, item.id])) as typeof provider;
  });
  afterAll(() => t.close());

  describe('POST /routing/evaluate', () => {
    it('routes a French content order for Examplegram to its Irish legal representative, reviewed by Ireland', async () => {
      const response = await route(DEMO.ofacOfficer, evaluation({ providerId: provider.Examplegram }));
      expect(response.body.selected).toMatchObject({
        instrument: 'EU_PRODUCTION_ORDER',
        addressee: { organisationId: provider.Examplegram, country: 'IE', role: 'LEGAL_REPRESENTATIVE', languages: ['en', 'fr'] },
        form: 'EPOC',
        enforcingReview: true,
        enforcingState: 'IE',
        approvals: { issuers: ['COURT', 'INVESTIGATING_JUDGE'] },
        deadlines: [
          { clock: 'PRODUCTION', duration: 'P10D' },
          { clock: 'ENFORCING_REVIEW', duration: 'P10D' },
        ],
      });
      const candidates = response.body.candidates as { instrument: string; eligible: boolean; reasons: { code: string }[] }[];
      expect(candidates.map((c) => c.instrument).sort()).toEqual([...INSTRUMENT_CODES].sort());
      expect(candidates.find((c) => c.instrument === 'US_VOLUNTARY_DISCLOSURE')).toMatchObject({
        eligible: false,
        reasons: [{ code: 'DATA_CATEGORY_NOT_COVERED', outcome: 'NOT_MET', basis: expect.stringContaining('2702') }],
      });
    });

    it('drops the review when the offence and the person are both in France (Art 8(2))', async () => {
      const body = evaluation({ providerId: provider.Examplegram, offenceInIssuingState: true, targetResidesInIssuingState: true });
      const response = await route(DEMO.parisJudge, body);
      expect(response.body.selected).toMatchObject({ instrument: 'EU_PRODUCTION_ORDER', enforcingReview: false, enforcingState: null });
      expect(response.body.selected.enforcingReviewReason).toContain('Art 8(2)');
    });

    it('routes a British content order for Examplegram through the UK-US agreement', async () => {
      const body = evaluation({ issuingCountry: 'GB', providerId: provider.Examplegram, targetIsUsPerson: false, targetLocation: 'GB' });
      const response = await route(DEMO.ncaOfficer, body);
      expect(response.body.selected).toMatchObject({
        instrument: 'UK_US_DAA',
        addressee: { organisationId: provider.Examplegram, country: 'US', role: 'MAIN_ESTABLISHMENT' },
        form: 'OPO_COVER',
        channel: 'DESIGNATED_AUTHORITY',
        enforcingReview: false,
      });
    });

    it('answers selected null, with reasons for every instrument, when nothing applies', async () => {
      const response = await route(DEMO.ofacOfficer, evaluation({ issuingCountry: 'BY', providerId: provider.Nordtel }));
      expect(response.body.selected).toBeNull();
      for (const candidate of response.body.candidates) {
        expect(candidate.eligible).toBe(false);
        expect(candidate.reasons.length).toBeGreaterThan(0);
      }
    });

    it('uses today (UTC) when no date is given', async () => {
      const { date: _date, ...undated } = evaluation({ providerId: provider['Albion Mail'] });
      const before = new Date().toISOString().slice(0, 10);
      const response = await route(DEMO.ofacOfficer, undated);
      const after = new Date().toISOString().slice(0, 10);
      expect([before, after]).toContain(response.body.date); // robust to a run across UTC midnight
      expect(response.body.catalogueVersion).toMatch(/^\d{4}\.\d{1,2}\.\d+$/);
    });

    it('answers 404 problem+json for a provider that is not in the directory', async () => {
      for (const providerId of [randomUUID(), (await t.http().get('/api/v1/me').set(bearer(await t.login(DEMO.ofacOfficer)))).body.organisation.id]) {
        const response = await evaluate(DEMO.ofacOfficer, evaluation({ providerId }));
        expect(response.status).toBe(404);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.body).toMatchObject({ status: 404, code: 'PROVIDER_NOT_FOUND', type: 'urn:evx:problem:provider-not-found' });
        expect(response.body.detail).toContain(providerId);
      }
    });

    it('refuses an unknown field, naming it, and names each bad field', async () => {
      const unknown = await evaluate(DEMO.ofacOfficer, evaluation({ providerId: provider.Nordtel, priority: 'high' }));
      expect(unknown.status).toBe(400);
      expect(unknown.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'priority', message: 'is not an accepted field' }] });

      const bad = await evaluate(DEMO.ofacOfficer, {
        ...evaluation({ providerId: 'nordtel', issuingCountry: 'UK', dataCategories: ['EMAILS'], date: '2026-02-30' }),
        offence: { maxSentenceMonths: -1, listedCategory: 'FRAUD' },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(
        expect.arrayContaining(['providerId', 'issuingCountry', 'dataCategories', 'date', 'offence.maxSentenceMonths', 'offence.listedCategory']),
      );
    });

    it('is for those who draft, validate or prosecute: a provider\'s responder gets 403', async () => {
      const response = await evaluate(DEMO.examplegram, evaluation({ providerId: provider.Examplegram }));
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('FORBIDDEN');
    });

    it('needs a token', async () => {
      await t.http().post('/api/v1/routing/evaluate').send(evaluation({ providerId: provider.Nordtel })).expect(401);
    });
  });

  describe('GET /routing/instruments', () => {
    it('lists the catalogue with its version and effective dates, to any authenticated user', async () => {
      const response = await t.http().get('/api/v1/routing/instruments').set(bearer(await t.login(DEMO.examplegram))).expect(200);
      expect(response.body.version).toMatch(/^\d{4}\.\d{1,2}\.\d+$/);
      expect(response.body.asOf).toBe(new Date().toISOString().slice(0, 10));
      const instruments = response.body.instruments as { code: string; effectiveFrom: string | null; effectiveUntil: string | null; inForce: boolean }[];
      expect(instruments.map((i) => i.code).sort()).toEqual([...INSTRUMENT_CODES].sort());
      expect(instruments.find((i) => i.code === 'EU_PRODUCTION_ORDER')).toMatchObject({ effectiveFrom: '2026-08-18', effectiveUntil: null });
      expect(instruments.find((i) => i.code === 'SAP_ART7_SUBSCRIBER')).toMatchObject({ effectiveFrom: null, inForce: false });
      expect(response.body.stateSets).toEqual(
        expect.arrayContaining([expect.objectContaining({ code: 'E_EVIDENCE_STATES', absent: [expect.objectContaining({ country: 'DK' }), expect.anything()] })]),
      );
    });

    it('is documented in the OpenAPI document', async () => {
      const document = await t.http().get('/docs-json').expect(200);
      expect(Object.keys(document.body.paths)).toEqual(expect.arrayContaining(['/api/v1/routing/instruments', '/api/v1/routing/evaluate']));
      expect(Object.keys(document.body.paths['/api/v1/routing/evaluate'].post.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404']));
    });
  });
});
