import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, type EntityManager } from 'typeorm';
import { IssuerRecordAtReceipt1796430800000 } from '../migrations/1796430800000-IssuerRecordAtReceipt.js';
import { OrdersRepository } from '../src/modules/orders/orders.repository.js';
import { binaryParser } from './support/binary.js';
import { DEMO } from './support/demo-accounts.js';
import { DAY, demoDirectory, fixClock, orderBody, ordersClient, expectStatus as ok } from './support/orders.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { webhookReceiver } from './support/webhook-receiver.js';
import { waitFor } from './support/wait-for.js';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;


/** A British content order for Examplegram, stating the facts the UK-US agreement needs. */
function ukOrder(providerId: string, overrides: Record<string, unknown> = {}) {
  return orderBody(providerId, {
    caseReference: 'NCA-2026-0788',
    offence: { description: 'Conspiracy to defraud, 40 victims of fake listings', legalProvisions: 'Criminal Law Act 1977 s.1; Fraud Act 2006 s.2', maxSentenceMonths: 120 },
    targetIsUsPerson: false,
    targetLocation: 'GB',
    ...overrides,
  });
}

describe('state-to-state routes through the authorities the law names', () => {
  let t: TestApp;
  let providers: Awaited<ReturnType<typeof demoDirectory>>;
  let api: ReturnType<typeof ordersClient>;
  let clock: ReturnType<typeof fixClock>;
  const work = mkdtempSync(join(tmpdir(), 'evx-authorities-'));
  /** The text of a signed PDF as pdftotext reads it, whitespace collapsed. */
  const pdfText = (bytes: Buffer, name: string) => {
    writeFileSync(join(work, name), bytes);
    return spawnSync('pdftotext', ['-layout', join(work, name), '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
  };
  const download = async (email: string, orderId: string, documentId: string, lang?: string) =>
    (await t.http().get(`/api/v1/orders/${orderId}/documents/${documentId}${lang ? `?lang=${lang}` : ''}`).set({ authorization: `Bearer ${await t.login(email)}` }).buffer(true).parse(binaryParser).expect(200)).body as Buffer;

  beforeAll(async () => {
    t = await startTestApp({ ORDER_CLOCK_INTERVAL_MS: '0' });
    providers = await demoDirectory(t);
    api = ordersClient(t);
    clock = fixClock(t);
  });
  afterAll(async () => {
    await t.close();
    rmSync(work, { recursive: true, force: true });
  });

  describe('facts before fallbacks', () => {
    it('refuses a British order that leaves out who the target is, naming each fact, instead of routing it as MLA', async () => {
      const silent = ukOrder(providers.Examplegram, { targetIsUsPerson: undefined, targetLocation: undefined });
      const response = await api.create(DEMO.ncaOfficer, silent);
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ code: 'ROUTING_FACTS_MISSING', missingFacts: ['targetIsUsPerson', 'targetLocation'], candidates: [{ instrument: 'UK_US_DAA' }] });
      expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(['targetIsUsPerson', 'targetLocation']);
      expect(response.body.errors[0].message).toContain('MLA');
      // The routing answer says it per candidate.
      const question = { issuingCountry: 'GB', providerId: providers.Examplegram, orderType: 'PRODUCTION', dataCategories: ['CONTENT'], offence: { maxSentenceMonths: 120 }, emergency: false };
      const routed = ok(await t.http().post('/api/v1/routing/evaluate').set({ authorization: `Bearer ${await t.login(DEMO.ncaOfficer)}` }).send(question)).body;
      expect(routed.selected.instrument).toBe('MLA');
      expect(routed.candidates.find((c: { instrument: string }) => c.instrument === 'UK_US_DAA').missingFacts).toEqual(['targetIsUsPerson', 'targetLocation']);
      expect(routed.candidates.find((c: { instrument: string }) => c.instrument === 'EU_PRODUCTION_ORDER').missingFacts).toEqual([]);
      // Stated (a US person): the agreement cannot apply, and MLA is a choice made on the facts.
      ok(await api.create(DEMO.ncaOfficer, ukOrder(providers.Examplegram, { targetIsUsPerson: true })), 201);
    });

    it('chooses the order\'s language among those the addressee accepts that have forms, and refuses one without forms', async () => {
      // Nordtel accepts de and en; the exchange has forms in en and fr.
      const subscriber = { dataCategories: ['SUBSCRIBER'], caseSummary: undefined, necessityGrounds: undefined };
      expect(ok(await api.create(DEMO.ofacOfficer, orderBody(providers.Nordtel, subscriber)), 201).body.language).toBe('en');
      const german = await api.create(DEMO.ofacOfficer, orderBody(providers.Nordtel, { ...subscriber, language: 'de' }));
      expect(german.status).toBe(400);
      expect(german.body.errors).toEqual([{ field: 'language', message: expect.stringContaining('no forms') }]);
    });
  });

  describe('who sees what at each hop (404 before)', () => {
    interface Hop {
      /** Who acts, how, and the state it leaves the order in. */
      actor: string;
      action: string;
      body?: Record<string, unknown>;
      status: string;
      /** Organisations that see the order from this step on (with Section M or not). */
      reveals: { email: string; sectionM: boolean }[];
    }
    interface Route {
      name: string;
      instrument: string;
      drafter: string;
      body: () => Record<string, unknown>;
      hops: Hop[];
      /** Who never sees it. */
      strangers: string[];
    }
    const ROUTES: Route[] = [
      {
        name: 'UK overseas production order: officer applies, Crown Court makes it, Home Office certifies, Examplegram',
        instrument: 'UK_US_DAA',
        drafter: DEMO.ncaOfficer,
        body: () => ukOrder(providers.Examplegram),
        hops: [
          { actor: DEMO.ncaOfficer, action: 'submit', status: 'PENDING_VALIDATION', reveals: [{ email: DEMO.crownCourtJudge, sectionM: true }] },
          { actor: DEMO.crownCourtJudge, action: 'validate', body: { decision: 'APPROVE' }, status: 'AWAITING_CERTIFICATION', reveals: [{ email: DEMO.homeOffice, sectionM: true }] },
          { actor: DEMO.homeOffice, action: 'certify', body: { decision: 'CERTIFY' }, status: 'ISSUED', reveals: [{ email: DEMO.examplegram, sectionM: false }] },
        ],
        strangers: [DEMO.ukCentralAuthority, DEMO.oia, DEMO.irishReviewer, DEMO.albionMail],
      },
      {
        name: 'mutual legal assistance from France to Albion Mail: Parquet de Paris, DACG-BEPI, UK Central Authority, Albion Mail',
        instrument: 'MLA',
        drafter: DEMO.parisProsecutor,
        body: () => orderBody(providers['Albion Mail'], { caseReference: 'PARQUET-2026-1107', targets: [{ kind: 'EMAIL', value: 'suspect@albionmail.example' }] }),
        hops: [
          { actor: DEMO.parisProsecutor, action: 'issue', status: 'AWAITING_TRANSMISSION', reveals: [{ email: DEMO.bepi, sectionM: true }] },
          { actor: DEMO.bepi, action: 'forward', body: { decision: 'FORWARD' }, status: 'AWAITING_RECOGNITION', reveals: [{ email: DEMO.ukCentralAuthority, sectionM: true }] },
          { actor: DEMO.ukCentralAuthority, action: 'forward', body: { decision: 'FORWARD' }, status: 'ISSUED', reveals: [{ email: DEMO.albionMail, sectionM: false }] },
        ],
        strangers: [DEMO.homeOffice, DEMO.oia, DEMO.ncaOfficer, DEMO.examplegram],
      },
      {
        name: 'Art 29 preservation from France to Albion Mail through the UK 24/7 point of contact (the NCA)',
        instrument: 'BUDAPEST_ART29_PRESERVATION',
        drafter: DEMO.ofacOfficer,
        body: () => orderBody(providers['Albion Mail'], { type: 'PRESERVATION', caseReference: 'OFAC-2026-0999', targets: [{ kind: 'EMAIL', value: 'suspect@albionmail.example' }] }),
        hops: [
          { actor: DEMO.ofacOfficer, action: 'issue', status: 'AWAITING_RECOGNITION', reveals: [{ email: DEMO.ncaOfficer, sectionM: true }] },
          { actor: DEMO.ncaOfficer, action: 'forward', body: { decision: 'FORWARD' }, status: 'ISSUED', reveals: [{ email: DEMO.albionMail, sectionM: false }] },
        ],
        strangers: [DEMO.ukCentralAuthority, DEMO.homeOffice, DEMO.bepi, DEMO.examplegram],
      },
    ];

    it.each(ROUTES)('$name', async (route) => {
      const created = ok(await api.create(route.drafter, route.body()), 201).body;
      expect(created.instrument).toBe(route.instrument);
      const id = created.id as string;
      const later = route.hops.flatMap((hop) => hop.reveals);
      const seen: { email: string; sectionM: boolean }[] = [{ email: route.drafter, sectionM: true }];
      const check = async (stage: string) => {
        for (const { email, sectionM } of seen) {
          const view = ok(await api.get(email, `orders/${id}`)).body;
          expect({ stage, email, sectionM: 'caseSummary' in view }).toEqual({ stage, email, sectionM });
        }
        for (const { email } of later.filter((entry) => !seen.some((s) => s.email === entry.email))) {
          expect({ stage, email, status: (await api.get(email, `orders/${id}`)).status }).toEqual({ stage, email, status: 404 });
        }
        for (const email of route.strangers) expect({ stage, email, status: (await api.get(email, `orders/${id}`)).status }).toEqual({ stage, email, status: 404 });
      };
      await check('draft');
      for (const hop of route.hops) {
        // The next authority cannot act before its turn: the order does not exist for it.
        const next = route.hops[route.hops.indexOf(hop) + 1];
        if (next && !seen.some((s) => s.email === next.actor)) expect((await api.act(next.actor, id, next.action, next.body)).status).toBe(404);
        const moved = ok(await api.act(hop.actor, id, hop.action, hop.body ?? {})).body;
        expect(moved.status).toBe(hop.status);
        seen.push(...hop.reveals);
        await check(hop.action);
      }
      // The provider reads the steps before its receipt by digest only, and every step with names.
      const steps = ok(await api.get(route.hops.at(-1)!.reveals[0].email, `orders/${id}/steps`)).body.items as { seq: number; action: string; toStatus: string; payload?: unknown; actor: { name: string | null; organisationName: string | null } }[];
      const receipt = steps.findIndex((step) => step.toStatus === 'ISSUED');
      expect(steps.slice(0, receipt).every((step) => step.payload === undefined)).toBe(true);
      expect(steps.slice(receipt).every((step) => step.payload !== undefined)).toBe(true);
      expect(steps.every((step) => step.actor.name && step.actor.organisationName)).toBe(true);
      // The route's clocks run from the last hop: receipt is when the provider got it.
      const final = ok(await api.get(route.drafter, `orders/${id}`)).body;
      expect(final.receivedAt).toBe((steps[receipt] as unknown as { at: string }).at);
      expect(final.transmission.length).toBeGreaterThan(0);
      expect(final.transmission.every((hop: { outcome: string }) => hop.outcome === 'PASSED')).toBe(true);
    });
  });

  describe('the UK overseas production order', () => {
    it('is made by the Crown Court on the officer\'s application and certified by the Home Office, whose cover the provider receives', async () => {
      // A judge cannot make one alone (COPOA 2019 s.1: on an appropriate officer's application).
      const alone = ok(await api.create(DEMO.crownCourtJudge, ukOrder(providers.Examplegram)), 201).body;
      const refused = await api.act(DEMO.crownCourtJudge, alone.id, 'issue');
      expect(refused.status).toBe(403);
      expect(refused.body.detail).toContain('nobody issues this production order alone');

      const created = ok(await api.create(DEMO.ncaOfficer, ukOrder(providers.Examplegram)), 201).body;
      expect(created).toMatchObject({
        instrument: 'UK_US_DAA',
        form: 'OPO_COVER',
        addressee: { organisationId: providers.Examplegram, country: 'US', role: 'MAIN_ESTABLISHMENT' },
        transmission: [{ kind: 'CERTIFICATION', side: 'ISSUING', country: 'GB', outcome: null, authorities: [{ name: 'Home Office, UK Designated Authority' }] }],
      });
      ok(await api.act(DEMO.ncaOfficer, created.id, 'submit'));
      const made = ok(await api.act(DEMO.crownCourtJudge, created.id, 'validate', { decision: 'APPROVE' })).body;
      expect(made).toMatchObject({ status: 'AWAITING_CERTIFICATION', receivedAt: null, dueAt: null });
      // Only a CERTIFIER of the designated authority certifies; nobody else may pass it on.
      expect((await api.act(DEMO.ncaOfficer, created.id, 'certify', { decision: 'CERTIFY' })).status).toBe(403);
      expect((await api.act(DEMO.homeOffice, created.id, 'certify', { decision: 'REFUSE' })).body).toMatchObject({ status: 400, errors: [{ field: 'reason' }] });
      const certifiedAt = clock.now().toISOString();
      const certified = ok(await api.act(DEMO.homeOffice, created.id, 'certify', { decision: 'CERTIFY' })).body;
      expect(certified).toMatchObject({ status: 'ISSUED', receivedAt: certifiedAt, dueAt: new Date(Date.parse(certifiedAt) + 7 * DAY).toISOString() });
      expect(certified.transmission[0]).toMatchObject({ outcome: 'PASSED', actedAt: certifiedAt, authorities: [{ name: 'Home Office, UK Designated Authority' }] });
      expect(certified.participants).toEqual(expect.arrayContaining([
        expect.objectContaining({ party: 'CERTIFYING', name: 'Home Office, UK Designated Authority', contact: expect.objectContaining({ email: 'ukda.opo@homeoffice.uk.demo' }) }),
        expect.objectContaining({ party: 'VALIDATING', name: 'Crown Court at Southwark' }),
      ]));

      // The cover sheet is made when the Home Office certifies and serves it, for the provider.
      const documents = ok(await api.get(DEMO.examplegram, `orders/${created.id}/documents`)).body.items as { id: string; form: string; audience: string; stepSeq: number }[];
      expect(documents.map((d) => [d.form, d.audience])).toEqual([['OPO_COVER', 'ADDRESSEE']]);
      for (const language of ['en', 'fr']) {
        const text = pdfText(await download(DEMO.examplegram, created.id, documents[0].id, language), `opo-${language}.pdf`);
        expect(text).toContain('Home Office, UK Designated Authority');
        expect(text).toContain('Priya Shah');
        expect(text).toContain(`${certifiedAt.slice(0, 10)} ${certifiedAt.slice(11, 19)} UTC`);
        expect(text).toContain('HHJ Eleanor Price, Circuit Judge');
        expect(text).toContain('Oliver Hughes');
        expect(text).not.toMatch(UUID);
        expect(text).not.toMatch(/Article 5\(4\)|article 5, paragraphe 4/);
        if (language === 'fr') expect(text).toContain("L'autorité désignée du Royaume-Uni examine l'ordonnance");
      }
    });

    it('goes no further when the Home Office refuses to certify it', async () => {
      const created = ok(await api.create(DEMO.ncaOfficer, ukOrder(providers.Examplegram)), 201).body;
      ok(await api.act(DEMO.ncaOfficer, created.id, 'submit'));
      ok(await api.act(DEMO.crownCourtJudge, created.id, 'validate', { decision: 'APPROVE' }));
      const refused = ok(await api.act(DEMO.homeOffice, created.id, 'certify', { decision: 'REFUSE', reason: 'The data sought do not match the offence described.' })).body;
      expect(refused).toMatchObject({ status: 'TRANSMISSION_REFUSED', transmission: [{ outcome: 'REFUSED' }] });
      expect((await api.get(DEMO.examplegram, `orders/${created.id}`)).status).toBe(404);
      expect((await api.act(DEMO.ncaOfficer, created.id, 'withdraw', { reason: 'refused' })).status).toBe(409);
    });
  });

  describe('mutual legal assistance from France to the United Kingdom', () => {
    it('addresses the letter of request to the UK Central Authority, through DACG-BEPI, and gives Albion Mail none of it', async () => {
      const created = ok(await api.create(DEMO.parisProsecutor, orderBody(providers['Albion Mail'], { caseReference: 'PARQUET-2026-1107', targets: [{ kind: 'EMAIL', value: 'suspect@albionmail.example' }] })), 201).body;
      const ukcaId = created.transmission[1].authorities[0].organisationId as string;
      expect(created).toMatchObject({
        instrument: 'MLA',
        form: 'MLA_REQUEST',
        language: 'en',
        addressee: { organisationId: ukcaId, country: 'GB', role: 'CENTRAL_AUTHORITY', name: 'UK Central Authority, Home Office', languages: ['en'] },
        routing: { selected: { provider: { organisationId: providers['Albion Mail'], country: 'GB', role: 'MAIN_ESTABLISHMENT' } } },
        transmission: [
          { kind: 'TRANSMISSION', side: 'ISSUING', country: 'FR', authorities: [{ name: 'Ministère de la Justice, DACG-BEPI' }] },
          { kind: 'RECOGNITION', side: 'ADDRESSEE', country: 'GB', authorities: [{ name: 'UK Central Authority, Home Office' }] },
        ],
      });
      ok(await api.act(DEMO.parisProsecutor, created.id, 'issue'));
      // The letter is made when it leaves the prosecutor, for the authorities of the route.
      const letters = ok(await api.get(DEMO.bepi, `orders/${created.id}/documents`)).body.items as { id: string; form: string; audience: string }[];
      expect(letters.map((d) => [d.form, d.audience])).toEqual([['MLA_REQUEST', 'AUTHORITIES']]);
      const text = pdfText(await download(DEMO.bepi, created.id, letters[0].id), 'letter.pdf');
      expect(text).toContain('UK Central Authority, Home Office');
      expect(text).toContain('Ministère de la Justice, DACG-BEPI');
      expect(text).toContain('The suspect defrauded 40 victims'); // the facts, for the central authorities
      expect(text).toContain('Julien Moreau');
      expect(text).not.toMatch(UUID);
      // Only a CERTIFIER of the requesting central authority forwards it now.
      expect((await api.act(DEMO.parisProsecutor, created.id, 'forward', { decision: 'FORWARD' })).status).toBe(403);
      ok(await api.act(DEMO.bepi, created.id, 'forward', { decision: 'FORWARD' }));
      expect(ok(await api.get(DEMO.ukCentralAuthority, `orders/${created.id}/documents`)).body.items).toHaveLength(1);
      const received = ok(await api.act(DEMO.ukCentralAuthority, created.id, 'forward', { decision: 'FORWARD' })).body;
      expect(received.status).toBe('ISSUED');
      // Albion Mail receives the United Kingdom's own order, not the foreign letter.
      expect(ok(await api.get(DEMO.albionMail, `orders/${created.id}/documents`)).body.items).toEqual([]);
      expect((await api.get(DEMO.albionMail, `orders/${created.id}/documents/${letters[0].id}`)).status).toBe(404);
      ok(await api.act(DEMO.albionMail, created.id, 'acknowledge', {}));
      // The central authorities see no evidence.
      expect((await api.get(DEMO.ukCentralAuthority, `orders/${created.id}/evidence`)).status).toBe(403);
    });

    it('stops at the requested central authority when it refuses, with its reason', async () => {
      const created = ok(await api.create(DEMO.parisProsecutor, orderBody(providers['Albion Mail'], { targets: [{ kind: 'EMAIL', value: 'other@albionmail.example' }] })), 201).body;
      ok(await api.act(DEMO.parisProsecutor, created.id, 'issue'));
      ok(await api.act(DEMO.bepi, created.id, 'forward', { decision: 'FORWARD' }));
      const refused = ok(await api.act(DEMO.ukCentralAuthority, created.id, 'forward', { decision: 'REFUSE', reason: 'Dual criminality is not met for this offence in England and Wales.' })).body;
      expect(refused).toMatchObject({ status: 'TRANSMISSION_REFUSED', transmission: [{ outcome: 'PASSED' }, { outcome: 'REFUSED' }] });
      const steps = ok(await api.get(DEMO.parisProsecutor, `orders/${created.id}/steps`)).body.items;
      expect(steps.at(-1)).toMatchObject({ action: 'REFUSE_FORWARDING', payload: { reason: expect.stringContaining('Dual criminality') }, actor: { name: 'Daniel Okafor', organisationName: 'UK Central Authority, Home Office' } });
    });
  });

  describe('a European Investigation Order', () => {
    it('goes to the executing authority of Germany, which recognises it; the provider has 90 days from then (Directive 2014/41/EU Art 12)', async () => {
      const operator = { authorization: `Bearer ${await t.login(DEMO.operator)}` };
      const authority = ok(await t.http().post('/api/v1/organisations').set(operator).send({
        name: 'Staatsanwaltschaft Berlin',
        kind: 'AUTHORITY',
        country: 'DE',
        authorityType: 'PROSECUTOR',
        languages: ['de', 'en'],
        contact: { email: 'eea.berlin@staatsanwaltschaft.de.demo', phone: '+49 30 9014 0', address: 'Turmstraße 91, 10559 Berlin, Germany' },
      }), 201).body;
      ok(await t.http().post(`/api/v1/organisations/${authority.id}/users`).set(operator).send({ email: 'staatsanwalt@berlin.de.demo', name: 'Jonas Weber', function: 'Staatsanwalt', password: 'berlin-password-123', roles: ['PROSECUTOR'] }), 201);
      ok(await t.http().post(`/api/v1/organisations/${authority.id}/certificates`).set(operator).send({ custodial: true }), 201);
      const berlin = 'staatsanwalt@berlin.de.demo';
      await t.login(berlin, 'berlin-password-123');
      const asBerlin = async (path: string, body?: Record<string, unknown>) => {
        const request = body ? t.http().post(`/api/v1/${path}`).send(body) : t.http().get(`/api/v1/${path}`);
        return request.set({ authorization: `Bearer ${await t.login(berlin, 'berlin-password-123')}` });
      };

      const created = ok(await api.create(DEMO.parisProsecutor, orderBody(providers.Nordtel, { instrument: 'EIO', dataCategories: ['SUBSCRIBER'], caseReference: 'PARQUET-2026-0500' })), 201).body;
      expect(created).toMatchObject({ instrument: 'EIO', addressee: { organisationId: authority.id, role: 'EXECUTING_AUTHORITY', country: 'DE' }, language: 'en' });
      expect((await asBerlin(`orders/${created.id}`)).status).toBe(404);
      const sentAt = clock.now().getTime();
      ok(await api.act(DEMO.parisProsecutor, created.id, 'issue'));
      const pending = ok(await asBerlin(`orders/${created.id}`)).body;
      expect(pending).toMatchObject({ status: 'AWAITING_RECOGNITION', caseSummary: expect.stringContaining('40 victims') });
      expect(pending.transmission[0]).toMatchObject({
        kind: 'RECOGNITION',
        outcome: 'PENDING',
        deadlines: [
          { clock: 'ACKNOWLEDGEMENT', dueAt: new Date(sentAt + 7 * DAY).toISOString(), overdue: false },
          { clock: 'RECOGNITION', dueAt: new Date(sentAt + 30 * DAY).toISOString(), overdue: false },
        ],
      });
      expect((await api.get(DEMO.nordtel, `orders/${created.id}`)).status).toBe(404);
      clock.advance(31 * DAY);
      expect(ok(await asBerlin(`orders/${created.id}`)).body.transmission[0].deadlines[1]).toMatchObject({ clock: 'RECOGNITION', overdue: true });
      const recognisedAt = clock.now().getTime();
      const recognised = ok(await asBerlin(`orders/${created.id}/forward`, { decision: 'FORWARD' })).body;
      expect(recognised).toMatchObject({ status: 'ISSUED', receivedAt: new Date(recognisedAt).toISOString(), dueAt: new Date(recognisedAt + 90 * DAY).toISOString() });
      expect(ok(await api.get(DEMO.nordtel, `orders/${created.id}`)).body).toMatchObject({ status: 'ISSUED', parties: ['ADDRESSEE'] });
      const steps = ok(await api.get(DEMO.parisProsecutor, `orders/${created.id}/steps`)).body.items;
      expect(steps.at(-1)).toMatchObject({ action: 'FORWARD', actor: { role: 'PROSECUTOR', name: 'Jonas Weber', organisationName: 'Staatsanwaltschaft Berlin' } });
    });
  });

  describe('emergency orders a provider can trust', () => {
    const emergency = () =>
      orderBody(providers.Examplegram, {
        dataCategories: ['SUBSCRIBER'],
        caseReference: 'OFAC-2026-URGENT',
        emergency: { ground: 'LIFE', justification: 'A hostage is held; the account arranges the ransom.' },
      });
    /** The instant of the issuer's signature its record was judged at (kept in the order row, not shown). */
    const signedAtOf = async (id: string) => ((await t.app.get(DataSource).query(`SELECT issuer_record->>'signedAt' AS at FROM orders WHERE id = $1`, [id]))[0].at as string | null);
    const stepAt = async (id: string, action: string) => ((await t.app.get(DataSource).query(`SELECT at FROM order_steps WHERE order_id = $1 AND action = $2`, [id, action]))[0].at as Date).toISOString();

    it('is countersigned by a second officer, which every party sees; never by the one who issued it', async () => {
      const created = ok(await api.create(DEMO.ofacOfficer, emergency()), 201).body;
      expect(created.emergencyVerification).toEqual({ countersigned: false, countersignedAt: null, countersignedBy: null });
      // Not on a draft: its text could still change after the vouching, and the colleague who
      // countersigned could then issue the order it vouched for itself.
      const early = await api.act(DEMO.ofacDuty, created.id, 'countersign', {});
      expect(early.status).toBe(409);
      expect(early.body.detail).toContain('DRAFT');
      ok(await api.act(DEMO.ofacOfficer, created.id, 'issue'));
      const refused = await api.act(DEMO.ofacOfficer, created.id, 'countersign', {});
      expect(refused.status).toBe(403);
      expect(refused.body.detail).toContain('second person');
      // Another authority (here a candidate for the ex-post validation) is not a second person of the issuing one.
      expect((await api.act(DEMO.parisProsecutor, created.id, 'countersign', {})).status).toBe(403);
      const at = clock.now().toISOString();
      ok(await api.act(DEMO.ofacDuty, created.id, 'countersign', { note: 'Confirmed with the hostage negotiation unit.' }));
      const seen = ok(await api.get(DEMO.examplegram, `orders/${created.id}`)).body;
      expect(seen.emergencyVerification).toMatchObject({ countersigned: true, countersignedAt: at, countersignedBy: { name: 'Nadia Benali', function: expect.stringContaining('Capitaine') } });
      expect(seen.issuerRecord).toMatchObject({ ordersSentBefore: expect.any(Number), ordersSentToYouBefore: expect.any(Number), certificateIssuedAt: expect.any(String) });
      // Older than 30 days when it signed the order's issue, the step that reached the provider.
      const issuedAt = (ok(await api.get(DEMO.examplegram, `orders/${created.id}/steps`)).body.items as { action: string; at: string }[]).find((step) => step.action === 'ISSUE')!.at;
      expect(seen.issuerRecord.certificateOlderThan30Days).toBe(Date.parse(issuedAt) - Date.parse(seen.issuerRecord.certificateIssuedAt) > 30 * DAY);
      expect(ok(await api.get(DEMO.ofacOfficer, `orders/${created.id}`)).body.issuerRecord).toBeNull();
      expect((await api.act(DEMO.ofacDuty, created.id, 'countersign', {})).status).toBe(409);
      // A non-emergency order is not countersigned.
      const ordinary = ok(await api.create(DEMO.ofacOfficer, orderBody(providers.Examplegram)), 201).body;
      expect((await api.act(DEMO.ofacDuty, ordinary.id, 'countersign', {})).status).toBe(409);
      expect(ordinary.emergencyVerification).toBeNull();
    });

    it('is challenged by the provider, which the issuing authority sees with the reason; and the provider sees the issuer\'s record', async () => {
      clock.advance(31 * DAY);
      const created = ok(await api.create(DEMO.ofacOfficer, emergency()), 201).body;
      ok(await api.act(DEMO.ofacOfficer, created.id, 'issue'));
      const view = ok(await api.get(DEMO.examplegram, `orders/${created.id}`)).body;
      // Signed more than 30 days after the demo certificates were issued.
      expect(view.issuerRecord).toMatchObject({ certificateOlderThan30Days: true });
      // The emergency order of the test before reached Examplegram.
      expect(view.issuerRecord.ordersSentToYouBefore).toBeGreaterThanOrEqual(1);
      expect(view.issuerRecord.ordersSentBefore).toBeGreaterThanOrEqual(view.issuerRecord.ordersSentToYouBefore);
      expect((await api.act(DEMO.examplegram, created.id, 'challenge', {})).body).toMatchObject({ status: 400, errors: [{ field: 'reason' }] });
      expect((await api.act(DEMO.ofacOfficer, created.id, 'challenge', { reason: 'x' })).status).toBe(403);
      const at = clock.now().toISOString();
      ok(await api.act(DEMO.examplegram, created.id, 'challenge', { reason: 'The request came from an address we do not know.' }));
      const issuer = ok(await api.get(DEMO.ofacOfficer, `orders/${created.id}`)).body;
      expect(issuer.challenges).toEqual([{ at, reason: 'The request came from an address we do not know.', organisationId: providers.Examplegram, organisationName: 'Examplegram' }]);
      // The step records the challenge: the hook for the order.challenged event.
      const steps = ok(await api.get(DEMO.ofacOfficer, `orders/${created.id}/steps`)).body.items;
      expect(steps.at(-1)).toMatchObject({ action: 'CHALLENGE', record: { challenge: { reason: 'The request came from an address we do not know.' } } });
      // One challenge at a time: the provider cannot flood the issuing authority with them.
      const again = await api.act(DEMO.examplegram, created.id, 'challenge', { reason: 'Still waiting.' });
      expect(again.status).toBe(409);
      expect(again.body.detail).toContain('already challenged');
      // The issuing authority answers by countersigning; that settles it.
      ok(await api.act(DEMO.ofacDuty, created.id, 'countersign', {}));
      expect((await api.act(DEMO.examplegram, created.id, 'challenge', { reason: 'Once more.' })).status).toBe(409);
      const ordinary = ok(await api.create(DEMO.parisProsecutor, orderBody(providers.Examplegram, { dataCategories: ['SUBSCRIBER'] })), 201).body;
      ok(await api.act(DEMO.parisProsecutor, ordinary.id, 'issue'));
      expect((await api.act(DEMO.examplegram, ordinary.id, 'challenge', { reason: 'x' })).status).toBe(409);
    });

    it('numbers receipts that happen at once one after the other, to one provider or to several', async () => {
      // On a server these run in parallel transactions: each must still see every receipt before it.
      const toNordtel = () => orderBody(providers.Nordtel, { dataCategories: ['SUBSCRIBER'], caseReference: 'OFAC-2026-URGENT', emergency: { ground: 'LIFE', justification: 'A hostage is held.' } });
      const drafts = await Promise.all(Array.from({ length: 12 }, async (_, i) => ({ id: ok(await api.create(DEMO.ofacOfficer, i % 2 ? emergency() : toNordtel()), 201).body.id as string, provider: i % 2 ? DEMO.examplegram : DEMO.nordtel })));
      await Promise.all(drafts.map(async ({ id }) => ok(await api.act(DEMO.ofacOfficer, id, 'issue'))));
      const records = await Promise.all(drafts.map(async ({ id, provider }) => ({ provider, record: ok(await api.get(provider, `orders/${id}`)).body.issuerRecord })));
      const consecutive = (numbers: number[]) => [...numbers].sort((a, b) => a - b).every((n, i, sorted) => i === 0 || n === sorted[i - 1] + 1);
      expect(consecutive(records.map(({ record }) => record.ordersSentBefore))).toBe(true);
      for (const provider of [DEMO.examplegram, DEMO.nordtel]) {
        expect(consecutive(records.filter((r) => r.provider === provider).map(({ record }) => record.ordersSentToYouBefore))).toBe(true);
      }
    });

    it('judges the certificate at the issuer\'s own last signature when another authority takes the step of receipt (a judge\'s validation)', async () => {
      const created = ok(await api.create(DEMO.ofacOfficer, orderBody(providers.Examplegram)), 201).body;
      ok(await api.act(DEMO.ofacOfficer, created.id, 'submit'));
      clock.advance(1000);
      ok(await api.act(DEMO.parisJudge, created.id, 'validate', { decision: 'APPROVE' }));
      const record = ok(await api.get(DEMO.examplegram, `orders/${created.id}`)).body.issuerRecord;
      // The certificate that signed the submission, the issuer's last step: not the judge's, which signed the receipt.
      const [submission] = (await t.app.get(DataSource).query(
        `SELECT c.not_before FROM order_steps s JOIN certificates c ON c.fingerprint_sha256 = s.signer_fingerprint_sha256 WHERE s.order_id = $1 AND s.action = 'SUBMIT'`,
        [created.id],
      )) as { not_before: Date }[];
      expect(record.certificateIssuedAt).toBe(submission.not_before.toISOString());
      // Judged at the submission's instant, a second before the judge's validation.
      expect(await signedAtOf(created.id)).toBe(await stepAt(created.id, 'SUBMIT'));
    });

    it('judges the certificate at the step of receipt itself when the issuer takes it, and asks for the issuer\'s lock on receipts at that step only', async () => {
      const orders = t.app.get(OrdersRepository);
      const lockForStep = orders.lockForStep.bind(orders);
      const asked: (string | undefined)[] = [];
      orders.lockForStep = (manager, organisationId, id, receiptOf) => {
        asked.push(receiptOf);
        return lockForStep(manager, organisationId, id, receiptOf);
      };
      try {
        const created = ok(await api.create(DEMO.ofacOfficer, emergency()), 201).body;
        clock.advance(1000);
        ok(await api.act(DEMO.ofacOfficer, created.id, 'issue'));
        expect(await signedAtOf(created.id)).toBe(await stepAt(created.id, 'ISSUE'));
        ok(await api.act(DEMO.examplegram, created.id, 'acknowledge'));
        const issuer = (await t.app.get(DataSource).query(`SELECT issuing_organisation_id AS id FROM orders WHERE id = $1`, [created.id]))[0].id as string;
        // The issue is the receipt (the issuer's lock with the row's); the acknowledgement is not.
        expect(asked).toEqual([issuer, undefined]);
      } finally {
        orders.lockForStep = lockForStep;
      }
    });

    it('makes a step of receipt wait for the issuer\'s lock on receipts, and no other step (on a server, where steps run side by side)', async () => {
      if (!t.database.databaseUrl) return; // The embedded database runs one transaction at a time: nothing can hold the lock beside a step.
      const dataSource = t.app.get(DataSource);
      const issuer = (await dataSource.query(`SELECT organisation_id FROM users WHERE email = $1`, [DEMO.ofacOfficer]))[0].organisation_id as string;
      const received = ok(await api.create(DEMO.ofacOfficer, emergency()), 201).body.id as string;
      ok(await api.act(DEMO.ofacOfficer, received, 'issue'));
      const draft = ok(await api.create(DEMO.ofacOfficer, emergency()), 201).body.id as string;
      const holder = dataSource.createQueryRunner();
      try {
        // Another receipt of the same issuer, under way: it holds the issuer's lock until it ends.
        await holder.startTransaction();
        await holder.query('SELECT pg_advisory_xact_lock(7301002, hashtext($1::text))', [issuer]);
        let settled = false;
        const issue = api.act(DEMO.ofacOfficer, draft, 'issue').finally(() => (settled = true));
        // The issue's lock statement waits for the issuer's lock (seen in pg_locks, not guessed from time).
        const waiting = async () => Number((await dataSource.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND classid = 7301002 AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`))[0].n);
        await waitFor(async () => settled || (await waiting()) > 0, 15_000, 50);
        expect(await waiting()).toBe(1);
        // An acknowledgement is no receipt: it goes through meanwhile.
        ok(await api.act(DEMO.examplegram, received, 'acknowledge'));
        expect(settled).toBe(false);
        await holder.commitTransaction();
        ok(await issue);
      } finally {
        if (holder.isTransactionActive) await holder.rollbackTransaction().catch(() => undefined);
        await holder.release();
      }
    });

    it('counts exactly the orders the issuer sent before, to anyone and to this provider, and judges its certificate at its last signature before receipt', async () => {
      const issued = async (body: Record<string, unknown>) => {
        clock.advance(1000);
        const created = ok(await api.create(DEMO.ofacOfficer, body), 201).body;
        return ok(await api.act(DEMO.ofacOfficer, created.id, 'issue')).body as { id: string };
      };
      const recordOf = async (id: string) => ok(await api.get(DEMO.examplegram, `orders/${id}`)).body.issuerRecord;
      const firstId = (await issued(emergency())).id;
      const first = await recordOf(firstId);
      // Then: one more to Examplegram, one to another provider, and a draft never issued (not sent).
      await issued(emergency());
      await issued(orderBody(providers.Nordtel, { dataCategories: ['SUBSCRIBER'], caseReference: 'OFAC-2026-URGENT', emergency: { ground: 'LIFE', justification: 'A hostage is held.' } }));
      clock.advance(1000);
      ok(await api.create(DEMO.ofacOfficer, emergency()), 201);
      const last = await issued(emergency());
      const record = await recordOf(last.id);
      expect(record.ordersSentBefore - first.ordersSentBefore).toBe(3);
      expect(record.ordersSentToYouBefore - first.ordersSentToYouBefore).toBe(2);
      const issue = ok(await api.get(DEMO.ofacOfficer, `orders/${last.id}/steps`)).body.items.find((step: { action: string }) => step.action === 'ISSUE');
      // Judged at the signature of its last step before receipt (the issue), not at reading time.
      expect(Date.parse(record.certificateIssuedAt)).toBeLessThan(Date.parse(issue.at));
      expect(record.certificateOlderThan30Days).toBe(Date.parse(issue.at) - Date.parse(record.certificateIssuedAt) > 30 * DAY);

      // Fixed at receipt: what the issuer sent afterwards does not change an earlier order's record.
      expect(await recordOf(firstId)).toEqual(first);
      // "Before" is received before: an order drafted first but received after another counts after it.
      const draftedFirst = ok(await api.create(DEMO.ofacOfficer, emergency()), 201).body as { id: string };
      const receivedFirst = await issued(emergency());
      clock.advance(1000);
      ok(await api.act(DEMO.ofacOfficer, draftedFirst.id, 'issue'));
      const [early, late] = [await recordOf(receivedFirst.id), await recordOf(draftedFirst.id)];
      expect(early.ordersSentBefore - record.ordersSentBefore).toBe(1);
      expect([late.ordersSentBefore - early.ordersSentBefore, late.ordersSentToYouBefore - early.ordersSentToYouBefore]).toEqual([1, 1]);

      // The migration that froze the records gives an existing database the same ones, from each
      // order's time of receipt (each of these was received at its own instant).
      const ours = [firstId, last.id, receivedFirst.id, draftedFirst.id];
      const before = await Promise.all(ours.map(recordOf));
      const counts = `SELECT issuing_organisation_id, provider_id, sent FROM issuer_sent_counts ORDER BY 1, 2`;
      const dataSource = t.app.get(DataSource);
      const countsBefore = await dataSource.query(counts);
      const runner = dataSource.createQueryRunner();
      try {
        await new IssuerRecordAtReceipt1796430800000().down(runner);
        await new IssuerRecordAtReceipt1796430800000().up(runner);
      } finally {
        await runner.release();
      }
      expect(await dataSource.query(counts)).toEqual(countsBefore);
      // Read by a new instance: this one's prepared reads name the dropped column's place (a
      // statement reading a function's row is not planned again when that row changes).
      t = await t.restart();
      api = ordersClient(t);
      expect(await Promise.all(ours.map(recordOf))).toEqual(before);
    });

    it('takes the receipts of one issuer one at a time, whatever their providers, so that none counts the same orders as another', async () => {
      const dataSource = t.app.get(DataSource);
      const orders = t.app.get(OrdersRepository);
      const issuer = (await dataSource.query(`SELECT organisation_id FROM users WHERE email = $1`, [DEMO.ofacOfficer]))[0].organisation_id as string;
      // Two drafts of the issuer, to two providers: their row locks do not meet, only the issuer's lock on receipts does.
      const draftTo = async (providerId: string) => ok(await api.create(DEMO.ofacOfficer, orderBody(providerId, { dataCategories: ['SUBSCRIBER'] })), 201).body.id as string;
      const [toExamplegram, toNordtel] = [await draftTo(providers.Examplegram), await draftTo(providers.Nordtel)];
      // The receipt as a step takes it: the step's lock, asked for as a receipt of the issuer's, then the count.
      const receive = async (manager: EntityManager, id: string, providerId: string) => {
        expect(await orders.lockForStep(manager, issuer, id, issuer)).not.toBeNull();
        return orders.recordReceipt(manager, { id, issuingOrganisationId: issuer, providerId }, { seq: 2, at: new Date(), actorOrganisationId: issuer, signerFingerprintSha256: '0'.repeat(64) });
      };
      const first = dataSource.createQueryRunner();
      const second = dataSource.createQueryRunner();
      try {
        await first.startTransaction();
        const a = await receive(first.manager, toExamplegram, providers.Examplegram);
        let b: Promise<{ ordersSentBefore: number }>;
        if (t.database.databaseUrl) {
          // On a server the second runs beside the first: it waits for the first to end, then sees it.
          await second.startTransaction();
          let settled = false;
          b = receive(second.manager, toNordtel, providers.Nordtel).finally(() => (settled = true));
          await new Promise((resolve) => setTimeout(resolve, 300));
          expect(settled).toBe(false);
          await first.commitTransaction();
        } else {
          // The embedded database has one session: the second starts once the first committed.
          await first.commitTransaction();
          await first.release();
          await second.startTransaction();
          b = receive(second.manager, toNordtel, providers.Nordtel);
        }
        expect((await b).ordersSentBefore).toBe(a.ordersSentBefore + 1);
      } finally {
        // Nothing of this stays: a transaction still open is rolled back (release alone would hand
        // it back to the pool as it is), and the count the first committed is taken back.
        for (const runner of [first, second]) {
          if (runner.isReleased) continue;
          if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
          await runner.release();
        }
        await dataSource.query(`UPDATE issuer_sent_counts SET sent = sent - 1 WHERE issuing_organisation_id = $1 AND provider_id = $2`, [issuer, providers.Examplegram]);
      }
    });
  });
});

describe('suspending an organisation', () => {
  let t: TestApp;
  let providers: Awaited<ReturnType<typeof demoDirectory>>;
  let api: ReturnType<typeof ordersClient>;

  beforeAll(async () => {
    t = await startTestApp({ ORDER_CLOCK_INTERVAL_MS: '0', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' });
    providers = await demoDirectory(t);
    api = ordersClient(t);
  });
  afterAll(() => t.close());

  it('flags any suspended party on the order, ends its open event streams and holds its webhooks until lifted', async () => {
    const receiver = await webhookReceiver();
    try {
      const examplegram = { authorization: `Bearer ${await t.login(DEMO.examplegram)}` };
      ok(await t.http().post('/api/v1/webhooks').set(examplegram).send({ url: receiver.url }), 201);
      const first = ok(await api.create(DEMO.parisProsecutor, orderBody(providers.Examplegram, { dataCategories: ['SUBSCRIBER'] })), 201).body;
      ok(await api.act(DEMO.parisProsecutor, first.id, 'issue'));
      await receiver.until((received) => received.some((r) => r.body.includes(first.id)));

      // Examplegram's legal team has the event stream open.
      await t.app.listen(0, '127.0.0.1');
      const port = (t.app.getHttpServer().address() as AddressInfo).port;
      const ended = new Promise<number>((resolve) => {
        const started = Date.now();
        const request = httpRequest({ port, host: '127.0.0.1', path: '/api/v1/events', headers: { ...examplegram, accept: 'text/event-stream' } });
        request.on('response', (response) => {
          response.resume();
          response.on('end', () => resolve(Date.now() - started));
          response.on('close', () => resolve(Date.now() - started));
        });
        request.end();
      });

      const operator = { authorization: `Bearer ${await t.login(DEMO.operator)}` };
      ok(await t.http().post(`/api/v1/organisations/${providers.Examplegram}/suspension`).set(operator).send({ reason: 'Its API key leaked.' }));
      // Every party sees which of them is suspended, not only when it is the issuing authority.
      const seen = ok(await api.get(DEMO.parisProsecutor, `orders/${first.id}`)).body;
      expect(seen.participants).toEqual(expect.arrayContaining([expect.objectContaining({ party: 'ADDRESSEE', organisationId: providers.Examplegram, suspended: expect.objectContaining({ reason: 'Its API key leaked.' }) })]));
      expect(seen.participants.filter((p: { suspended: unknown }) => p.suspended !== null)).toHaveLength(1);
      // The open stream ends within its re-check period, as a new request would be refused.
      expect(await ended).toBeLessThan(15_000);

      // Events for it wait: nothing is sent while it is suspended, everything once it is lifted.
      const second = ok(await api.create(DEMO.parisProsecutor, orderBody(providers.Examplegram, { dataCategories: ['SUBSCRIBER'] })), 201).body;
      ok(await api.act(DEMO.parisProsecutor, second.id, 'issue'));
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(receiver.received.some((r) => r.body.includes(second.id))).toBe(false);
      ok(await t.http().delete(`/api/v1/organisations/${providers.Examplegram}/suspension`).set(operator));
      await receiver.until((received) => received.some((r) => r.body.includes(second.id)));
    } finally {
      await receiver.close();
    }
  });

  it('stops its tokens at once, revokes its certificates and flags its orders in flight to their providers', async () => {
    const order = ok(await api.create(DEMO.ofacOfficer, orderBody(providers.Examplegram, { dataCategories: ['SUBSCRIBER'], emergency: { ground: 'LIFE', justification: 'Threat to life.' } })), 201).body;
    ok(await api.act(DEMO.ofacOfficer, order.id, 'issue'));
    const officerToken = await t.login(DEMO.ofacOfficer);
    const me = ok(await t.http().get('/api/v1/me').set({ authorization: `Bearer ${officerToken}` })).body;
    const ofacId = me.organisation.id as string;
    const operator = { authorization: `Bearer ${await t.login(DEMO.operator)}` };

    // Only the operator suspends, and it says why.
    expect((await t.http().post(`/api/v1/organisations/${ofacId}/suspension`).set({ authorization: `Bearer ${await t.login(DEMO.parisJudge)}` }).send({ reason: 'x' })).status).toBe(403);
    expect((await t.http().post(`/api/v1/organisations/${ofacId}/suspension`).set(operator).send({})).status).toBe(400);
    const suspended = ok(await t.http().post(`/api/v1/organisations/${ofacId}/suspension`).set(operator).send({ reason: 'An officer account was taken over.' })).body;
    expect(suspended.suspension).toMatchObject({ reason: 'An officer account was taken over.', suspendedAt: expect.any(String) });

    // The token issued before stops on its next request, for every user of the organisation.
    expect((await t.http().get('/api/v1/me').set({ authorization: `Bearer ${officerToken}` })).status).toBe(401);
    expect((await t.http().get('/api/v1/orders').set({ authorization: `Bearer ${await t.login(DEMO.ofacDuty)}` })).status).toBe(401);
    // Its certificates are revoked, and on the CRL.
    const certificates = ok(await t.http().get(`/api/v1/organisations/${ofacId}/certificates`).set(operator)).body.items as { serialNumber: string; status: string }[];
    expect(certificates.length).toBeGreaterThan(0);
    expect(certificates.every((certificate) => certificate.status === 'REVOKED')).toBe(true);
    const crl = await t.http().get('/api/v1/pki/crl').buffer(true).parse(binaryParser).expect(200);
    const work = mkdtempSync(join(tmpdir(), 'evx-crl-'));
    writeFileSync(join(work, 'crl.der'), crl.body as Buffer);
    const listed = spawnSync('openssl', ['crl', '-inform', 'DER', '-in', join(work, 'crl.der'), '-noout', '-text'], { encoding: 'utf8' }).stdout.toLowerCase().replace(/:/g, '');
    rmSync(work, { recursive: true, force: true });
    for (const { serialNumber } of certificates) expect(listed).toContain(serialNumber.replace(/^0+/, ''));
    expect(listed).toContain('privilege withdrawn');

    // The provider sees the flag on the order in flight.
    const seen = ok(await api.get(DEMO.examplegram, `orders/${order.id}`)).body;
    expect(seen.issuingAuthoritySuspended).toMatchObject({ reason: 'An officer account was taken over.' });

    // Lifted: its people sign in again; its certificates stay revoked.
    ok(await t.http().delete(`/api/v1/organisations/${ofacId}/suspension`).set(operator));
    const again = await t.http().post('/api/v1/auth/login').send({ email: DEMO.ofacOfficer, password: 'demo-password-123' }).expect(200);
    ok(await t.http().get('/api/v1/me').set({ authorization: `Bearer ${again.body.accessToken}` }));
    const operatorOrganisation = ok(await t.http().get('/api/v1/me').set(operator)).body.organisation.id;
    expect((await t.http().post(`/api/v1/organisations/${operatorOrganisation}/suspension`).set(operator).send({ reason: 'test' })).body).toMatchObject({ status: 409, code: 'ORGANISATION_NOT_SUSPENDABLE' });
  });
});
