import { spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { OpensslWorkspace } from '../libs/pki/testing.js';
import { CertifiedAccountsService } from '../src/modules/certified-accounts/certified-accounts.service.js';
import { StayDownRepository } from '../src/modules/staydown/stay-down.repository.js';
import { binaryParser } from './support/binary.js';
import { DEMO } from './support/demo-accounts.js';
import { HOUR, demoDirectory, fixClock, ordersClient, trustExchangeCa, expectStatus as ok } from './support/orders.js';
import { startSecondInstance, startTestApp, type TestApp } from './support/test-app.js';

/**
 * Removal orders for terrorist content (Regulation (EU) 2021/784) over HTTP: a French removal order
 * from OFAC to Examplegram (legal representative in Ireland, so Ireland's competent authority gets
 * a copy), its one-hour clock, the provider's Annex II with hashes, the Irish scrutiny that revokes
 * an order, Annex III and the hour running again, and an order to a provider that hosts nothing.
 */
describe('removal orders (Reg. 2021/784)', () => {
  let t: TestApp;
  let ws: OpensslWorkspace;
  let api: ReturnType<typeof ordersClient>;
  let providers: Awaited<ReturnType<typeof demoDirectory>>;
  let clock: ReturnType<typeof fixClock>;
  const iso = (ms: number) => new Date(ms).toISOString();
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
  const download = async (email: string, path: string) =>
    t.http().get(`/api/v1/${path}`).set({ authorization: `Bearer ${await t.login(email)}` }).buffer(true).parse(binaryParser);
  const refused = (response: { status: number; body: unknown }, status: number, code: string) => {
    expect({ status: response.status, body: response.body }).toMatchObject({ status, body: { status, code } });
    return response.body as Record<string, unknown> & { errors?: { field: string; message: string }[] };
  };
  const removalBody = (overrides: Record<string, unknown> = {}) => ({
    type: 'REMOVAL',
    providerId: providers.Examplegram,
    caseReference: 'OFAC-TCO-2026-0031',
    targets: [{ kind: 'URL', value: 'https://examplegram.example/p/8812', accountHandle: '@propaganda.cell' }],
    removal: { reasons: ['INCITEMENT', 'THREAT'], contentDescription: 'Video calling for attacks on places of worship' },
    ...overrides,
  });
  const issued = async (body: Record<string, unknown> = removalBody()) => {
    const draft = ok(await api.create(DEMO.ofacOfficer, body), 201).body;
    const view = ok(await api.act(DEMO.ofacOfficer, draft.id, 'issue')).body;
    return { id: draft.id as string, reference: draft.reference as string, view, receipt: clock.now().getTime() };
  };
  const events = async (orderId: string) =>
    (await t.app.get(DataSource).query(`SELECT e.type, o.name FROM events e JOIN organisations o ON o.id = e.organisation_id WHERE e.order_id = $1 ORDER BY e.created_at, e.type, o.name`, [orderId])) as { type: string; name: string }[];

  beforeAll(async () => {
    // The whole stay-down list is read again each second here (10 minutes by default).
    t = await startTestApp({ ORDER_CLOCK_INTERVAL_MS: '0', STAY_DOWN_RELOAD_MS: '1000' });
    ws = new OpensslWorkspace();
    api = ordersClient(t);
    providers = await demoDirectory(t);
    clock = fixClock(t);
    await trustExchangeCa(t, ws);
  });
  afterAll(async () => {
    ws.remove();
    await t.close();
  });

  it('the directory says what each provider offers', async () => {
    const directory = ok(await api.get(DEMO.ofacOfficer, 'providers')).body.items as { name: string; services: string[] }[];
    expect(directory.find((p) => p.name === 'Examplegram')!.services).toContain('HOSTING');
    expect(directory.find((p) => p.name === 'Nordtel')!.services).not.toContain('HOSTING');
  });

  it('FR removal order to Examplegram: routed to its Irish legal representative, one hour from receipt, copy to Ireland\'s competent authority, confirmed with hashes', async () => {
    const draft = ok(await api.create(DEMO.ofacOfficer, removalBody()), 201).body;
    expect(draft).toMatchObject({ type: 'REMOVAL', status: 'DRAFT', instrument: 'TCO_REMOVAL_ORDER', form: 'TCO_REMOVAL_ORDER', addressee: { country: 'IE', role: 'LEGAL_REPRESENTATIVE' }, dueAt: null });
    expect(draft.routing.selected.scrutiny).toMatchObject({ state: 'IE' });
    // A competent authority issues alone: no validation (Art 3(1), 12(1)(a)).
    const { id, view, receipt } = await issued(removalBody());
    expect(view).toMatchObject({ status: 'ISSUED', receivedAt: iso(receipt), dueAt: iso(receipt + HOUR), overdue: false });
    expect(view.removal.scrutiny).toMatchObject({ state: 'IE', status: 'PENDING', endsAt: iso(receipt + 72 * HOUR), requestDueAt: iso(receipt + 48 * HOUR) });

    // The copy (Art 4(1)): Ireland's competent authority is a party and was told at receipt, with the provider.
    const received = (await events(id)).filter((e) => e.type === 'order.received').map((e) => e.name).sort();
    expect(received).toEqual(['Department of Justice', 'Examplegram']);
    const forIreland = ok(await api.get(DEMO.irishReviewer, `orders/${id}`)).body;
    // In the Irish authority's inbox, as any order it has to act on.
    expect(ok(await api.get(DEMO.irishReviewer, 'orders?box=inbox&limit=100')).body.items.map((o: { id: string }) => o.id)).toContain(id);
    expect(forIreland.parties).toEqual(['SCRUTINISING']);
    // A stranger sees nothing.
    expect((await api.get(DEMO.nordtel, `orders/${id}`)).status).toBe(404);

    // Annex I: signed, in the order's language and in French, checked by pdfsig and qpdf.
    const documents = ok(await api.get(DEMO.examplegram, `orders/${id}/documents`)).body.items as { id: string; form: string }[];
    expect(documents.map((d) => d.form)).toEqual(['TCO_ANNEX_I']);
    for (const language of ['en', 'fr']) {
      const pdf = ok(await download(DEMO.examplegram, `orders/${id}/documents/${documents[0].id}?lang=${language}`)).body as Buffer;
      ws.file(`annex-i-${language}.pdf`, pdf);
      const page = spawnSync('pdftotext', ['-layout', `annex-i-${language}.pdf`, '-'], { cwd: ws.path, encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
      expect(page).toContain('https://examplegram.example/p/8812');
      expect(page).toContain('Department of Justice');
      expect(page).toContain(language === 'fr' ? 'Injonction de retrait de contenus à caractère terroriste' : 'Removal order for terrorist content');
      const signature = spawnSync('pdfsig', ['-nssdir', 'sql:nssdb', `annex-i-${language}.pdf`], { cwd: ws.path, encoding: 'utf8' }).stdout;
      expect(signature).toContain('Signature is Valid');
      expect(signature).toContain('Certificate is Trusted');
      const check = spawnSync('qpdf', ['--check', `annex-i-${language}.pdf`], { cwd: ws.path, encoding: 'utf8' });
      expect({ status: check.status, warnings: /WARNING/i.test(check.stdout + check.stderr) }).toEqual({ status: 0, warnings: false });
    }

    // 40 minutes later the provider disables access and sends the hashes (never the content): Annex II.
    clock.advance(40 * 60_000);
    refused(await api.act(DEMO.examplegram, id, 'removal', { action: 'REMOVED', hashes: [{ sha256: 'not-a-hash' }] }), 400, 'VALIDATION_FAILED');
    const hashes = [{ sha256: sha256('the video'), pdq: 'f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22' }];
    const removed = ok(await api.act(DEMO.examplegram, id, 'removal', { action: 'DISABLED', hashes })).body;
    expect(removed).toMatchObject({ status: 'REMOVED', overdue: false, dueAt: iso(receipt + HOUR) });
    const steps = ok(await api.get(DEMO.ofacOfficer, `orders/${id}/steps`)).body.items as { action: string; record: Record<string, unknown> }[];
    expect(steps.at(-1)).toMatchObject({ action: 'REMOVE', record: { annex: 'II', action: 'DISABLED', hashes } });
    const forms = (ok(await api.get(DEMO.ofacOfficer, `orders/${id}/documents`)).body.items as { form: string }[]).map((d) => d.form);
    expect(forms).toEqual(expect.arrayContaining(['TCO_ANNEX_I', 'TCO_ANNEX_II']));
    // The chain of signed steps holds.
    expect(ok(await api.get(DEMO.irishReviewer, `orders/${id}/verification`)).body.valid).toBe(true);
    // Closing waits for the scrutiny to end (Art 4(4)).
    refused(await api.act(DEMO.ofacOfficer, id, 'close'), 409, 'ORDER_INVALID_TRANSITION');
  });

  it('is overdue one hour after receipt: order.overdue to every party through the outbox', async () => {
    const { id, receipt } = await issued();
    clock.set(iso(receipt + HOUR + 1000));
    await clock.sweep();
    const view = ok(await api.get(DEMO.examplegram, `orders/${id}`)).body;
    expect(view).toMatchObject({ status: 'ISSUED', overdue: true });
    const overdue = (await events(id)).filter((e) => e.type === 'order.overdue').map((e) => e.name).sort();
    expect(overdue).toEqual(['Department of Justice', 'Examplegram', 'Police nationale, OFAC']);
    // Late is still possible, and recorded as such by the clock.
    ok(await api.act(DEMO.examplegram, id, 'removal', { action: 'REMOVED' }));
  });

  it('scrutiny: the provider asks within 48 hours, Ireland finds an infringement, the order is revoked and the provider told to reinstate', async () => {
    const { id, receipt } = await issued();
    ok(await api.act(DEMO.examplegram, id, 'removal', { action: 'REMOVED', hashes: [{ sha256: sha256('a news report') }] }));
    // Only Ireland's competent authority scrutinises; not the issuer, not the provider.
    refused(await api.act(DEMO.ofacOfficer, id, 'scrutiny', { decision: 'INFRINGEMENT', reason: 'x' }), 403, 'ORDER_ACTION_FORBIDDEN');
    clock.set(iso(receipt + 47 * HOUR));
    const requested = ok(await api.act(DEMO.examplegram, id, 'scrutiny-request', { requestedBy: 'CONTENT_PROVIDER', reason: 'The video is a news report on the attack, not propaganda.' })).body;
    // Art 4(3): 72 hours from the request.
    expect(requested.removal.scrutiny).toMatchObject({ status: 'PENDING', requestedAt: iso(receipt + 47 * HOUR), endsAt: iso(receipt + 119 * HOUR) });
    refused(await api.act(DEMO.examplegram, id, 'scrutiny-request', { requestedBy: 'HOSTING_SERVICE_PROVIDER', reason: 'again' }), 409, 'ORDER_INVALID_TRANSITION');
    // Past the 72 hours from the copy, the authority still decides within 72 hours of the request.
    clock.set(iso(receipt + 100 * HOUR));
    const revoked = ok(await api.act(DEMO.irishReviewer, id, 'scrutiny', { decision: 'INFRINGEMENT', reason: 'Journalistic content: the order manifestly infringes freedom of expression.' })).body;
    expect(revoked).toMatchObject({ status: 'REVOKED' });
    expect(revoked.removal).toMatchObject({ reinstate: true, scrutiny: { status: 'INFRINGEMENT', reason: 'Journalistic content: the order manifestly infringes freedom of expression.' } });
    // The provider reads that it must reinstate the content.
    const forProvider = ok(await api.get(DEMO.examplegram, `orders/${id}`)).body;
    expect(forProvider).toMatchObject({ status: 'REVOKED', removal: { reinstate: true } });
    // Nothing more happens to a revoked order.
    refused(await api.act(DEMO.ofacOfficer, id, 'close'), 409, 'ORDER_INVALID_TRANSITION');
  });

  it('scrutiny finding no infringement leaves the order in force; after 72 hours none may be decided', async () => {
    const a = await issued();
    const kept = ok(await api.act(DEMO.irishReviewer, a.id, 'scrutiny', { decision: 'NO_INFRINGEMENT', reason: 'Incitement to terrorist offences.' })).body;
    expect(kept).toMatchObject({ status: 'ISSUED', removal: { scrutiny: { status: 'NO_INFRINGEMENT' } } });
    const b = await issued();
    clock.set(iso(b.receipt + 72 * HOUR + 1000));
    const lapsed = refused(await api.act(DEMO.irishReviewer, b.id, 'scrutiny', { decision: 'INFRINGEMENT', reason: 'late' }), 409, 'ORDER_INVALID_TRANSITION');
    expect(lapsed.detail).toContain('72 hours');
    refused(await api.act(DEMO.examplegram, b.id, 'scrutiny-request', { requestedBy: 'HOSTING_SERVICE_PROVIDER', reason: 'late' }), 409, 'ORDER_INVALID_TRANSITION');
  });

  it('Annex III: force majeure stops the hour, which runs again when the grounds cease; manifest errors wait for the clarification', async () => {
    const { id, receipt } = await issued();
    clock.set(iso(receipt + 20 * 60_000));
    const blocked = ok(await api.act(DEMO.examplegram, id, 'impossibility', { reasons: ['FORCE_MAJEURE'], explanation: 'Our Dublin storage is unreachable after a fire.' })).body;
    expect(blocked).toMatchObject({ status: 'NOT_EXECUTED', overdue: false });
    const forms = (ok(await api.get(DEMO.ofacOfficer, `orders/${id}/documents`)).body.items as { form: string }[]).map((d) => d.form);
    expect(forms).toContain('TCO_ANNEX_III');
    // Force majeure is not the issuer's to clarify.
    refused(await api.act(DEMO.ofacOfficer, id, 'clarification', { message: 'x' }), 409, 'ORDER_INVALID_TRANSITION');
    clock.set(iso(receipt + 5 * HOUR));
    const resumed = ok(await api.act(DEMO.examplegram, id, 'resume', { note: 'Storage is back.' })).body;
    expect(resumed).toMatchObject({ status: 'ISSUED', dueAt: iso(receipt + 6 * HOUR), overdue: false });

    const other = await issued();
    // The Annex III of Reg. 2023/1543 does not answer a removal order: its own Annex III does.
    const wrongAnnex = refused(await api.act(DEMO.examplegram, other.id, 'non-execution', { reasons: ['DATA_NOT_STORED'], explanation: 'x', preservation: { preserved: true } }), 400, 'VALIDATION_FAILED');
    expect(wrongAnnex.errors![0].message).toContain('/impossibility');
    ok(await api.act(DEMO.examplegram, other.id, 'impossibility', { reasons: ['INSUFFICIENT_INFORMATION'], explanation: 'The URL points to a deleted post; which video is meant?' }));
    refused(await api.act(DEMO.examplegram, other.id, 'resume'), 409, 'ORDER_INVALID_TRANSITION');
    clock.set(iso(other.receipt + 2 * HOUR));
    const clarified = ok(await api.act(DEMO.ofacOfficer, other.id, 'clarification', { message: 'The video posted at 10:02 UTC in the same thread.' })).body;
    expect(clarified).toMatchObject({ status: 'ISSUED', dueAt: iso(other.receipt + 3 * HOUR) });
  });

  it('an order whose host State has no competent authority on the exchange is not issued: its Annex I would state a copy that was not sent', async () => {
    const host = ok(await t.http().post('/api/v1/organisations').set({ authorization: `Bearer ${await t.login(DEMO.operator)}` }).send({
      name: 'Buda Host', kind: 'PROVIDER', country: 'HU', services: ['HOSTING'], establishments: [{ country: 'HU', role: 'MAIN_ESTABLISHMENT', languages: ['hu', 'en'] }],
    }), 201).body;
    // A stated emergency: the Art 3(2) information 12 hours before a first order is not what this test is about.
    const draft = ok(await api.create(DEMO.ofacOfficer, removalBody({ providerId: host.id, targets: [{ kind: 'URL', value: 'https://buda.example/v/1' }], removal: { reasons: ['THREAT'], contentDescription: 'Live threat', emergencyJustification: 'An attack is announced for tonight.' } })), 201).body;
    expect(draft.routing.selected.scrutiny).toMatchObject({ state: 'HU' });
    const refusal = refused(await api.act(DEMO.ofacOfficer, draft.id, 'issue'), 409, 'NO_SCRUTINY_AUTHORITY');
    expect(refusal).toMatchObject({ state: 'HU' });
    expect(refusal.detail).toContain('of HU');
    expect(ok(await api.get(DEMO.ofacOfficer, `orders/${draft.id}`)).body.status).toBe('DRAFT');
  });

  it('the operator records services and designations on organisations registered without them (an upgraded database): the order then goes', async () => {
    const operator = { authorization: `Bearer ${await t.login(DEMO.operator)}` };
    const register = async (body: Record<string, unknown>) => ok(await t.http().post('/api/v1/organisations').set(operator).send(body), 201).body;
    const patch = async (id: string, body: Record<string, unknown>, headers = operator) => t.http().patch(`/api/v1/organisations/${id}`).set(headers).send(body);
    const host = await register({ name: 'Vienna Host', kind: 'PROVIDER', country: 'AT', establishments: [{ country: 'AT', role: 'MAIN_ESTABLISHMENT', languages: ['de', 'en'] }] });
    const authority = await register({ name: 'Bundeskriminalamt', kind: 'AUTHORITY', country: 'AT', authorityType: 'POLICE' });
    const body = removalBody({ providerId: host.id, targets: [{ kind: 'URL', value: 'https://vienna.example/@cell/v/1' }], removal: { reasons: ['THREAT'], contentDescription: 'Live threat', emergencyJustification: 'An attack is announced for tonight.' } });
    refused(await api.create(DEMO.ofacOfficer, body), 422, 'ROUTING_NO_INSTRUMENT');

    refused(await patch(host.id, { services: ['HOSTING'] }, { authorization: `Bearer ${await t.login(DEMO.examplegram)}` }), 403, 'FORBIDDEN');
    expect(refused(await patch(authority.id, { services: ['HOSTING'] }), 400, 'VALIDATION_FAILED').errors).toEqual([expect.objectContaining({ field: 'services' })]);
    expect(refused(await patch(host.id, { designations: ['TCO_COMPETENT_AUTHORITY'] }), 400, 'VALIDATION_FAILED').errors).toEqual([expect.objectContaining({ field: 'designations' })]);
    refused(await patch(host.id, { services: ['TELEPORTATION'] }), 400, 'VALIDATION_FAILED');
    refused(await patch('00000000-0000-4000-8000-000000000000', { services: ['HOSTING'] }), 404, 'ORGANISATION_NOT_FOUND');

    expect(ok(await patch(host.id, { services: ['HOSTING', 'HOSTING'] })).body.services).toEqual(['HOSTING']);
    const draft = ok(await api.create(DEMO.ofacOfficer, body), 201).body;
    refused(await api.act(DEMO.ofacOfficer, draft.id, 'issue'), 409, 'NO_SCRUTINY_AUTHORITY');
    expect(ok(await patch(authority.id, { designations: ['TCO_COMPETENT_AUTHORITY'] })).body.designations).toEqual(['TCO_COMPETENT_AUTHORITY']);
    const issuedOrder = ok(await api.act(DEMO.ofacOfficer, draft.id, 'issue')).body;
    expect(issuedOrder.status).toBe('ISSUED');
    expect(issuedOrder.removal.scrutiny).toMatchObject({ state: 'AT' });
  });

  it('an order to Nordtel, which hosts nothing, is refused with the reason; so is one by an authority not competent for removal orders', async () => {
    const nordtel = refused(await api.create(DEMO.ofacOfficer, removalBody({ providerId: providers.Nordtel })), 422, 'ROUTING_NO_INSTRUMENT');
    const tco = (nordtel.candidates as { instrument: string; reasons: { code: string; message: string; basis: string }[] }[]).find((c) => c.instrument === 'TCO_REMOVAL_ORDER')!;
    expect(tco.reasons[0]).toMatchObject({ code: 'PROVIDER_LACKS_SERVICE', basis: expect.stringContaining('Reg. 2021/784') });
    expect(tco.reasons[0].message).toContain('Nordtel is not recorded as offering hosting services');

    const judge = refused(await api.create(DEMO.parisJudge, removalBody()), 422, 'ROUTING_NO_INSTRUMENT');
    const forJudge = (judge.candidates as { instrument: string; reasons: { code: string }[] }[]).find((c) => c.instrument === 'TCO_REMOVAL_ORDER')!;
    expect(forJudge.reasons.map((r) => r.code)).toContain('ISSUER_NOT_COMPETENT');
  });

  describe('notice and stay down', () => {
    const PDQ = sha256('the PDQ hash of a removed picture'); // any 256 bits will do for the index
    /** The hash with its first `bits` bits flipped. */
    const flipped = (hex: string, bits: number) => {
      const bytes = Buffer.from(hex, 'hex');
      for (let k = 0; k < bits; k++) bytes[k >> 3] ^= 1 << (k & 7);
      return bytes.toString('hex');
    };
    const match = async (email: string, body: Record<string, unknown>, app: TestApp = t) =>
      app.http().post('/api/v1/stay-down/match').set({ authorization: `Bearer ${await app.login(email)}` }).send(body);

    it('another provider asking before it publishes finds content removed under an order: SHA-256 exactly, PDQ within 31 bits; hashes and the order reference only', async () => {
      const { id, reference } = await issued();
      const bytes = sha256('an execution video');
      ok(await api.act(DEMO.examplegram, id, 'removal', { action: 'REMOVED', hashes: [{ sha256: bytes, pdq: PDQ }] }));

      const exact = ok(await match(DEMO.nordtel, { sha256: bytes })).body.matches;
      expect(exact).toEqual([{ entryId: expect.any(String), addedAt: expect.any(String), orderReference: reference, sha256: true, pdqDistance: null, certifiedAccount: false }]);
      // A re-encoded copy: the PDQ hash moved by 31 bits still matches, by 32 it does not.
      const near = ok(await match(DEMO.albionMail, { pdq: flipped(PDQ, 31) })).body.matches;
      expect(near).toEqual([expect.objectContaining({ orderReference: reference, sha256: false, pdqDistance: 31 })]);
      expect(ok(await match(DEMO.albionMail, { pdq: flipped(PDQ, 32) })).body.matches.filter((m: { orderReference: string }) => m.orderReference === reference)).toEqual([]);
      expect(ok(await match(DEMO.nordtel, { sha256: sha256('something else') })).body.matches).toEqual([]);

      // Only providers ask; a query names a hash.
      refused(await match(DEMO.ofacOfficer, { sha256: bytes }), 403, 'FORBIDDEN');
      refused(await match(DEMO.nordtel, {}), 400, 'VALIDATION_FAILED');
      refused(await match(DEMO.nordtel, { sha256: 'abc' }), 400, 'VALIDATION_FAILED');
      // The table holds hashes and the reference, no content.
      const columns = (await t.app.get(DataSource).query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'stay_down_entries' ORDER BY column_name`)) as { column_name: string }[];
      expect(columns.map((c) => c.column_name)).toEqual(['added_at', 'certified_account', 'id', 'order_id', 'order_reference', 'pdq', 'provider_id', 'seq', 'sha256', 'withdrawn_at']);
    });

    it('content reinstated after scrutiny leaves the list', async () => {
      const { id } = await issued();
      const bytes = sha256('a news report on the attack');
      ok(await api.act(DEMO.examplegram, id, 'removal', { action: 'REMOVED', hashes: [{ sha256: bytes }] }));
      expect(ok(await match(DEMO.nordtel, { sha256: bytes })).body.matches).toHaveLength(1);
      ok(await api.act(DEMO.irishReviewer, id, 'scrutiny', { decision: 'INFRINGEMENT', reason: 'Journalism.' }));
      expect(ok(await match(DEMO.nordtel, { sha256: bytes })).body.matches).toEqual([]);
    });

    it('a removal order withdrawn by its issuer after the removal no longer keeps content down', async () => {
      const { id } = await issued();
      const bytes = sha256('content of an order issued in error');
      ok(await api.act(DEMO.examplegram, id, 'removal', { action: 'REMOVED', hashes: [{ sha256: bytes }] }));
      expect(ok(await match(DEMO.nordtel, { sha256: bytes })).body.matches).toHaveLength(1);
      expect(ok(await api.act(DEMO.ofacOfficer, id, 'withdraw', { reason: 'Issued in error: wrong URL.' })).body.status).toBe('WITHDRAWN');
      expect(ok(await match(DEMO.nordtel, { sha256: bytes })).body.matches).toEqual([]);
    });

    it('a change the change log missed is caught by the periodic full reload', async () => {
      const { id } = await issued();
      const bytes = sha256('revoked concurrently with another removal');
      ok(await api.act(DEMO.examplegram, id, 'removal', { action: 'REMOVED', hashes: [{ sha256: bytes }] }));
      expect(ok(await match(DEMO.nordtel, { sha256: bytes })).body.matches).toHaveLength(1);
      // The race the lock rules out, replayed in SQL: a withdrawal numbered below a change this instance
      // already read, hours after the removal (no look back at recent rows could catch it).
      const db = t.app.get(DataSource);
      await db.query(`UPDATE stay_down_entries SET added_at = now() - interval '3 hours' WHERE order_id = $1`, [id]);
      const [{ a }] = (await db.query(`SELECT nextval('stay_down_entries_seq')::text AS a`)) as { a: string }[];
      await db.query(`INSERT INTO stay_down_entries (id, seq, order_id, order_reference, provider_id, sha256) VALUES (gen_random_uuid(), nextval('stay_down_entries_seq'), gen_random_uuid(), 'EVX-RACE', $1, $2)`, [providers.Examplegram, sha256('other')]);
      ok(await match(DEMO.nordtel, { sha256: sha256('anything') }));
      await db.query(`UPDATE stay_down_entries SET withdrawn_at = now(), seq = $2::bigint WHERE order_id = $1`, [id, a]);
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      expect(ok(await match(DEMO.nordtel, { sha256: bytes })).body.matches).toEqual([]);
    });

    // Only a server runs two transactions at once (an embedded database serves one connection).
    if (process.env.DATABASE_URL) {
      it('sequence numbers follow commit order: a writer waits for the one that took its number first (server mode)', async () => {
        const { id, reference } = await issued();
        ok(await api.act(DEMO.examplegram, id, 'removal', { action: 'REMOVED', hashes: [{ sha256: sha256('first writer') }] }));
        const db = t.app.get(DataSource);
        const repository = t.app.get(StayDownRepository);
        const first = db.createQueryRunner();
        const second = db.createQueryRunner();
        try {
          await first.startTransaction();
          await repository.withdrawForOrder(first.manager, id, new Date());
          await second.startTransaction();
          let secondDone = false;
          const secondWrite = repository.addForRemoval(second.manager, { id: randomUUID(), reference: `${reference}-B`, providerId: providers.Examplegram }, [{ sha256: sha256('second writer') }], false).then(async () => {
            await second.commitTransaction();
            secondDone = true;
          });
          await new Promise((resolve) => setTimeout(resolve, 300));
          expect(secondDone).toBe(false);
          await first.commitTransaction();
          await secondWrite;
          const rows = (await db.query(`SELECT order_reference, seq::bigint AS seq FROM stay_down_entries WHERE order_id = $1 OR order_reference = $2`, [id, `${reference}-B`])) as { order_reference: string; seq: string }[];
          const seqOf = (ref: string) => BigInt(rows.find((row) => row.order_reference === ref)!.seq);
          expect(seqOf(reference) < seqOf(`${reference}-B`)).toBe(true);
        } finally {
          if (first.isTransactionActive) await first.rollbackTransaction();
          if (second.isTransactionActive) await second.rollbackTransaction();
          await first.release();
          await second.release();
        }
      });
    }

  });

  const stayDownMatch = async (email: string, body: Record<string, unknown>, app: TestApp) =>
    app.http().post('/api/v1/stay-down/match').set({ authorization: `Bearer ${await app.login(email)}` }).send(body);

  it('checks a removal order\'s shape: URLs only, the reasons of Art 2(7), nothing of an evidence order', async () => {
    const fields = (response: { status: number; body: unknown }) => (refused(response, 400, 'VALIDATION_FAILED').errors ?? []).map((e) => e.field).sort();
    expect(fields(await api.create(DEMO.ofacOfficer, removalBody({ removal: undefined })))).toContain('removal');
    expect(fields(await api.create(DEMO.ofacOfficer, removalBody({ removal: { reasons: ['GLORIFICATION'], contentDescription: 'x' } })))).toContain('removal.reasons');
    expect(fields(await api.create(DEMO.ofacOfficer, removalBody({ targets: [{ kind: 'ACCOUNT', value: 'someone' }] })))).toContain('targets[0].kind');
    expect(fields(await api.create(DEMO.ofacOfficer, removalBody({ offence: { description: 'x', legalProvisions: 'y', maxSentenceMonths: 12 } })))).toContain('offence');
  });

  describe('certified accounts (the white list)', () => {
    const certify = async (email: string, body: Record<string, unknown>) =>
      t.http().post('/api/v1/certified-accounts').set({ authorization: `Bearer ${await t.login(email)}` }).send(body);

    it('the operator certifies on an authority\'s recommendation; anyone signed in looks it up; a removal order naming it is refused unless the issuer overrides, and every party sees the override', async () => {
      const ofac = ok(await api.get(DEMO.ofacOfficer, 'me')).body.organisation.id as string;
      const body = { providerId: providers.Examplegram, handle: '@counter.voices', holder: 'Association Voix Contre la Haine', recommendedBy: ofac };
      refused(await certify(DEMO.ofacOfficer, body), 403, 'FORBIDDEN');
      const account = ok(await certify(DEMO.operator, body), 201).body;
      expect(account).toMatchObject({ handle: '@counter.voices', holder: 'Association Voix Contre la Haine', recommendedBy: ofac });
      refused(await certify(DEMO.operator, { ...body, handle: 'Counter.Voices' }), 409, 'CERTIFIED_ACCOUNT_EXISTS');
      const found = ok(await api.get(DEMO.nordtel, `certified-accounts?providerId=${providers.Examplegram}&handle=COUNTER.VOICES`)).body.items;
      expect(found).toEqual([expect.objectContaining({ id: account.id })]);

      const naming = removalBody({ targets: [{ kind: 'URL', value: 'https://examplegram.example/p/9001', accountHandle: '@Counter.Voices' }] });
      const refusal = refused(await api.create(DEMO.ofacOfficer, naming), 409, 'CERTIFIED_ACCOUNT');
      expect(refusal.detail).toContain('@counter.voices (Association Voix Contre la Haine)');
      expect(refusal.errors).toEqual([{ field: 'targets[0].accountHandle', message: 'is certified (Association Voix Contre la Haine)' }]);

      const reason = 'The account was taken over on 2 December and now publishes calls to violence.';
      const { id } = await issued({ ...naming, overrideCertified: { reason } });
      for (const email of [DEMO.examplegram, DEMO.irishReviewer, DEMO.ofacOfficer]) {
        expect(ok(await api.get(email, `orders/${id}`)).body.removal.certifiedOverride).toEqual({ reason, accounts: [{ handle: '@counter.voices', holder: 'Association Voix Contre la Haine' }] });
      }
      // Its removed content is flagged when another provider matches it.
      const bytes = sha256('content from a certified account');
      ok(await api.act(DEMO.examplegram, id, 'removal', { action: 'REMOVED', hashes: [{ sha256: bytes }] }));
      const matches = ok(await t.http().post('/api/v1/stay-down/match').set({ authorization: `Bearer ${await t.login(DEMO.albionMail)}` }).send({ sha256: bytes })).body.matches;
      expect(matches).toEqual([expect.objectContaining({ certifiedAccount: true })]);

      // Withdrawn, the account no longer stops an order.
      expect((await t.http().delete(`/api/v1/certified-accounts/${account.id}`).set({ authorization: `Bearer ${await t.login(DEMO.operator)}` })).status).toBe(204);
      expect((await t.http().delete(`/api/v1/certified-accounts/${account.id}`).set({ authorization: `Bearer ${await t.login(DEMO.operator)}` })).status).toBe(404);
      ok(await api.create(DEMO.ofacOfficer, naming), 201);
    });

    it('the check cannot be passed by leaving accountHandle out when the URL names the account, by doubling the @, by compatibility forms or invisible characters; a URL naming no account needs accountHandle', async () => {
      ok(await certify(DEMO.operator, { providerId: providers.Examplegram, handle: '@white.voice.one', holder: 'Voix Blanches' }), 201);
      const target = (value: string, accountHandle?: string) => removalBody({ targets: [{ kind: 'URL', value, ...(accountHandle !== undefined ? { accountHandle } : {}) }] });
      const byUrl = refused(await api.create(DEMO.ofacOfficer, target('https://examplegram.example/@white.voice.one/p/77')), 409, 'CERTIFIED_ACCOUNT');
      expect(byUrl.errors).toEqual([{ field: 'targets[0].value', message: 'is certified (Voix Blanches)' }]);
      refused(await api.create(DEMO.ofacOfficer, target('https://examplegram.example/White.Voice.One/status/1')), 409, 'CERTIFIED_ACCOUNT');
      refused(await api.create(DEMO.ofacOfficer, target('https://examplegram.example/p/78', '@@white.voice.one')), 409, 'CERTIFIED_ACCOUNT');
      refused(await api.create(DEMO.ofacOfficer, target('https://examplegram.example/p/79', 'ｗｈｉｔｅ.ｖｏｉｃｅ.ｏｎｅ')), 409, 'CERTIFIED_ACCOUNT');
      refused(await api.create(DEMO.ofacOfficer, target('https://examplegram.example/p/80', '@white\u200B.voice.one')), 409, 'CERTIFIED_ACCOUNT');
      // Certified in a compatibility form, it is the same account.
      refused(await certify(DEMO.operator, { providerId: providers.Examplegram, handle: '＠＠White.Voice.One', holder: 'Voix Blanches' }), 409, 'CERTIFIED_ACCOUNT_EXISTS');
      refused(await certify(DEMO.operator, { providerId: providers.Examplegram, handle: '@\u200B', holder: 'Nobody' }), 400, 'VALIDATION_FAILED');
      const unnamed = refused(await api.create(DEMO.ofacOfficer, target('https://examplegram.example/?post=81')), 400, 'VALIDATION_FAILED');
      expect(unnamed.errors).toEqual([expect.objectContaining({ field: 'targets[0].accountHandle' })]);
      ok(await api.create(DEMO.ofacOfficer, target('https://examplegram.example/?post=81', '@someone.else')), 201);
    });

    it('only the operator lists the white list; anyone else looks up one account by provider and handle', async () => {
      const account = ok(await certify(DEMO.operator, { providerId: providers.Examplegram, handle: '@dump.me', holder: 'Satire Collective' }), 201).body;
      for (const email of [DEMO.nordtel, DEMO.ofacOfficer]) {
        const all = refused(await api.get(email, 'certified-accounts'), 400, 'VALIDATION_FAILED');
        expect(all.errors!.map((error) => error.field).sort()).toEqual(['handle', 'providerId']);
        expect(refused(await api.get(email, `certified-accounts?providerId=${providers.Examplegram}`), 400, 'VALIDATION_FAILED').errors!.map((error) => error.field)).toEqual(['handle']);
        expect(refused(await api.get(email, 'certified-accounts?handle=dump.me'), 400, 'VALIDATION_FAILED').errors!.map((error) => error.field)).toEqual(['providerId']);
        expect(ok(await api.get(email, `certified-accounts?providerId=${providers.Examplegram}&handle=%40%40Dump.Me`)).body.items).toEqual([expect.objectContaining({ id: account.id })]);
      }
      expect(ok(await api.get(DEMO.operator, 'certified-accounts')).body.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: account.id })]));
    });

    it('certifying the same account concurrently: one certification, the others 409', async () => {
      const body = (handle: string) => ({ providerId: providers.Examplegram, handle, holder: 'Collectif Contre-Discours' });
      const answers = await Promise.all(['@same.voice', 'Same.Voice', '@@same.voice', 'same.voice', 'ＳＡＭＥ.ＶＯＩＣＥ', '@Same.Voice'].map((handle) => certify(DEMO.operator, body(handle))));
      expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
      for (const answer of answers.filter((candidate) => candidate.status === 409)) expect(answer.body.code).toBe('CERTIFIED_ACCOUNT_EXISTS');
      // The service itself, called side by side, so both checks run before either insert: the unique index decides.
      const me = ok(await api.get(DEMO.operator, 'me')).body;
      const principal = { userId: me.user.id, organisationId: me.organisation.id, roles: ['OPERATOR'] } as never;
      const service = t.app.get(CertifiedAccountsService);
      const outcomes = await Promise.allSettled([service.certify(principal, body('@race.voice')), service.certify(principal, body('race.voice'))]);
      expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
      const failure = outcomes.find((outcome) => outcome.status === 'rejected')!.reason as { code?: string };
      expect(failure.code).toBe('CERTIFIED_ACCOUNT_EXISTS');
    });

    it('an account certified after the draft stops the order at ISSUE, unless the draft is amended to override for it', async () => {
      const draft = ok(await api.create(DEMO.ofacOfficer, removalBody({ targets: [{ kind: 'URL', value: 'https://examplegram.example/p/80', accountHandle: '@later.certified' }] })), 201).body;
      ok(await certify(DEMO.operator, { providerId: providers.Examplegram, handle: 'Later.Certified', holder: 'Parodie Sans Frontières' }), 201);
      const refusal = refused(await api.act(DEMO.ofacOfficer, draft.id, 'issue'), 409, 'CERTIFIED_ACCOUNT');
      expect(refusal.errors).toEqual([{ field: 'targets[0].accountHandle', message: 'is certified (Parodie Sans Frontières)' }]);
      expect(ok(await api.get(DEMO.ofacOfficer, `orders/${draft.id}`)).body.status).toBe('DRAFT');
      // A draft that overrode before the account was certified covers no account: amend it, and the override then names it.
      const overridden = ok(await api.create(DEMO.ofacOfficer, removalBody({ targets: [{ kind: 'URL', value: 'https://examplegram.example/p/82', accountHandle: '@later.certified.two' }], overrideCertified: { reason: 'Taken over.' } })), 201).body;
      ok(await certify(DEMO.operator, { providerId: providers.Examplegram, handle: 'later.certified.two', holder: 'Parodie Sans Frontières' }), 201);
      refused(await api.act(DEMO.ofacOfficer, overridden.id, 'issue'), 409, 'CERTIFIED_ACCOUNT');
      ok(await api.patch(DEMO.ofacOfficer, overridden.id, { caseReference: 'OFAC-TCO-2026-0032' }));
      const view = ok(await api.act(DEMO.ofacOfficer, overridden.id, 'issue')).body;
      expect(view.removal.certifiedOverride).toEqual({ reason: 'Taken over.', accounts: [{ handle: 'later.certified.two', holder: 'Parodie Sans Frontières' }] });
    });
  });

  it('a provider reads its own record: received, within the hour, late, impossible, revoked; the removed content is preserved six months (Art 6)', async () => {
    const record = async (email: string) => api.get(email, 'removal-orders/accountability');
    const before = ok(await record(DEMO.examplegram)).body;
    const statistics = async (email: string) => {
      const request = t.http().get(`/api/v1/statistics${email ? '' : '/public'}?from=2020-01-01T00:00:00Z&to=2099-01-01T00:00:00Z`);
      if (email) request.set({ authorization: `Bearer ${await t.login(email)}` });
      return ok(await request).body as { removalOrders: { received: number; executedWithinTheHour: number; executedLate: number } };
    };
    const statisticsBefore = new Map<string, { received: number; executedWithinTheHour: number; executedLate: number }>();
    for (const who of [DEMO.examplegram, DEMO.ofacOfficer, DEMO.nordtel, '']) statisticsBefore.set(who, (await statistics(who)).removalOrders);
    const onTime = await issued();
    const removed = ok(await api.act(DEMO.examplegram, onTime.id, 'removal', { action: 'REMOVED' })).body;
    expect(removed.removal).toMatchObject({ withinTheHour: true, actedAt: iso(onTime.receipt) });
    const preserved = new Date(onTime.receipt);
    preserved.setUTCMonth(preserved.getUTCMonth() + 6);
    expect(removed.removal.preservedUntil).toBe(preserved.toISOString());
    const late = await issued();
    clock.set(iso(late.receipt + 2 * HOUR));
    expect(ok(await api.act(DEMO.examplegram, late.id, 'removal', { action: 'DISABLED' })).body.removal.withinTheHour).toBe(false);
    const after = ok(await record(DEMO.examplegram)).body;
    expect(after).toMatchObject({ received: before.received + 2, executedWithinTheHour: before.executedWithinTheHour + 1, executedLate: before.executedLate + 1 });
    // Every removal order of this file reached Examplegram; Nordtel has none, and an authority has no record.
    expect(ok(await record(DEMO.nordtel)).body).toMatchObject({ received: 0 });
    refused(await record(DEMO.ofacOfficer), 403, 'FORBIDDEN');
    // The same record in the statistics: the provider's own, the issuer's, the public's.
    for (const [who, figures] of statisticsBefore) {
      const now = (await statistics(who)).removalOrders;
      expect({ who, received: now.received - figures.received, withinTheHour: now.executedWithinTheHour - figures.executedWithinTheHour, late: now.executedLate - figures.executedLate }).toEqual({
        who,
        received: who === DEMO.nordtel ? 0 : 2,
        withinTheHour: who === DEMO.nordtel ? 0 : 1,
        late: who === DEMO.nordtel ? 0 : 1,
      });
    }
  });

  it('Art 3(2): a provider\'s first removal order needs the information 12 hours before, unless an emergency is stated', async () => {
    const operator = { authorization: `Bearer ${await t.login(DEMO.operator)}` };
    const newHost = async (name: string) =>
      ok(await t.http().post('/api/v1/organisations').set(operator).send({ name, kind: 'PROVIDER', country: 'FR', services: ['HOSTING'], establishments: [{ country: 'FR', role: 'MAIN_ESTABLISHMENT', languages: ['fr'] }] }), 201).body.id as string;
    const host = await newHost('Hébergeur Lyonnais');
    const draft = ok(await api.create(DEMO.ofacOfficer, removalBody({ providerId: host, targets: [{ kind: 'URL', value: 'https://heberg.example/v/1' }] })), 201).body;
    // Established in the issuing State: no copy, no scrutiny.
    expect(draft.routing.selected.scrutiny).toBeNull();
    const uninformed = refused(await api.act(DEMO.ofacOfficer, draft.id, 'issue'), 409, 'REMOVAL_INFORMATION_PENDING');
    expect(uninformed.detail).toContain('has not been informed yet');
    // Only a competent authority informs.
    refused(await t.http().post(`/api/v1/providers/${host}/removal-information`).set({ authorization: `Bearer ${await t.login(DEMO.parisJudge)}` }), 403, 'FORBIDDEN');
    const informed = ok(await t.http().post(`/api/v1/providers/${host}/removal-information`).set({ authorization: `Bearer ${await t.login(DEMO.ofacOfficer)}` })).body;
    const tooSoon = refused(await api.act(DEMO.ofacOfficer, draft.id, 'issue'), 409, 'REMOVAL_INFORMATION_PENDING');
    expect(tooSoon.detail).toContain(`may be issued from ${iso(Date.parse(informed.informedAt) + 12 * HOUR)}`);
    clock.set(iso(Date.parse(informed.informedAt) + 12 * HOUR));
    expect(ok(await api.act(DEMO.ofacOfficer, draft.id, 'issue')).body).toMatchObject({ status: 'ISSUED', removal: { scrutiny: null } });
    // The second order needs nothing more.
    const second = ok(await api.create(DEMO.ofacOfficer, removalBody({ providerId: host, targets: [{ kind: 'URL', value: 'https://heberg.example/v/2' }] })), 201).body;
    ok(await api.act(DEMO.ofacOfficer, second.id, 'issue'));

    // A duly justified emergency goes at once.
    const other = await newHost('Hébergeur Marseillais');
    const urgent = ok(await api.create(DEMO.ofacOfficer, removalBody({ providerId: other, targets: [{ kind: 'URL', value: 'https://heberg.example/v/3' }], removal: { reasons: ['THREAT'], contentDescription: 'Live threat', emergencyJustification: 'An attack is announced for tonight.' } })), 201).body;
    ok(await api.act(DEMO.ofacOfficer, urgent.id, 'issue'));
    const steps = ok(await api.get(DEMO.ofacOfficer, `orders/${urgent.id}/steps`)).body.items as { action: string; record: Record<string, unknown> }[];
    expect(steps.find((step) => step.action === 'ISSUE')!.record).toMatchObject({ firstRemovalOrder: true, art32Emergency: 'An attack is announced for tonight.' });
  });

  it('Art 11: the provider informs the content provider, unless the issuing authority decided otherwise for a time', async () => {
    const until = iso(clock.now().getTime() + 48 * HOUR);
    const silent = await issued(removalBody({ removal: { reasons: ['PARTICIPATION'], contentDescription: 'Recruitment video', nonDisclosure: { reason: 'Investigation into the network under way', until } } }));
    expect(silent.view.removal).toMatchObject({ nonDisclosureUntil: until, contentProviderInformed: null });
    const told = refused(await api.act(DEMO.examplegram, silent.id, 'removal', { action: 'REMOVED', contentProviderInformed: true }), 400, 'VALIDATION_FAILED');
    expect(told.errors![0]).toMatchObject({ field: 'contentProviderInformed' });
    expect(ok(await api.act(DEMO.examplegram, silent.id, 'removal', { action: 'REMOVED', contentProviderInformed: false })).body.removal).toMatchObject({ contentProviderInformed: false });

    const open = await issued();
    expect(ok(await api.act(DEMO.examplegram, open.id, 'removal', { action: 'REMOVED', contentProviderInformed: true })).body.removal).toMatchObject({ nonDisclosureUntil: null, contentProviderInformed: true });
  });

  // Last: closing a second instance must not disturb the tests after it. Defined only on a server:
  // an embedded database belongs to one process, so there is one instance and nothing to follow.
  if (process.env.DATABASE_URL) it('every instance matches what any instance added (server mode)', async () => {
    const second = await startSecondInstance(t, { ORDER_CLOCK_INTERVAL_MS: '0' });
    try {
      const bytes = sha256('seen on the second instance');
      expect(ok(await stayDownMatch(DEMO.nordtel, { sha256: bytes }, second)).body.matches).toEqual([]); // loads the list there first
      const { id, reference } = await issued();
      ok(await api.act(DEMO.examplegram, id, 'removal', { action: 'REMOVED', hashes: [{ sha256: bytes }] }));
      expect(ok(await stayDownMatch(DEMO.nordtel, { sha256: bytes }, second)).body.matches).toEqual([expect.objectContaining({ orderReference: reference })]);
    } finally {
      await second.close();
    }
  });
});
