import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { embeddedOrderJson } from '../libs/pdf/index.js';
import { OpensslWorkspace } from '../libs/pki/testing.js';
import { binaryParser } from './support/binary.js';
import { DEMO } from './support/demo-accounts.js';
import { demoDirectory, fixClock, trustExchangeCa, orderBody, ordersClient, expectStatus as ok } from './support/orders.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Issue 6 over HTTP: the signed forms an order's steps produce, who may read which copy. */
describe('orders: signed documents', () => {
  let t: TestApp;
  let ws: OpensslWorkspace;
  let api: ReturnType<typeof ordersClient>;
  let providers: Awaited<ReturnType<typeof demoDirectory>>;
  const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
  const download = async (email: string, path: string) =>
    t.http().get(`/api/v1/${path}`).set({ authorization: `Bearer ${await t.login(email)}` }).buffer(true).parse(binaryParser);
  const text = (name: string) => spawnSync('pdftotext', ['-layout', name, '-'], { cwd: ws.path, encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
  const pdfsig = (name: string) => spawnSync('pdfsig', ['-nssdir', 'sql:nssdb', name], { cwd: ws.path, encoding: 'utf8' }).stdout;

  /** A thread's nice value: field 19 of /proc/self/task/<tid>/stat (proc(5)), counted after the name's closing parenthesis. */
  const niceOf = (task: string) => {
    let stat: string;
    try {
      stat = readFileSync(`/proc/self/task/${task}/stat`, 'utf8');
    } catch {
      return NaN; // the thread ended since the folder was listed
    }
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  };
  /** The event loop's nice value before the app started. */
  let loopNice: number;
  const RENDER_NICE = 3;

  beforeAll(async () => {
    loopNice = niceOf(String(process.pid));
    t = await startTestApp({ ORDER_CLOCK_INTERVAL_MS: '0', DOCUMENT_RENDER_NICE: String(RENDER_NICE) });
    ws = new OpensslWorkspace();
    api = ordersClient(t);
    providers = await demoDirectory(t);
    fixClock(t);
    await trustExchangeCa(t, ws);
  });
  afterAll(async () => {
    ws.remove();
    await t.close();
  });

  it('makes the EPOC when the judge validates: signed by the court in the order\'s language, recorded by digest in the step; French made on demand, bound to the same order.json', async () => {
    const created = ok(await api.create(DEMO.ofacOfficer, orderBody(providers.Examplegram)), 201).body;
    ok(await api.act(DEMO.ofacOfficer, created.id, 'submit'));
    expect((await api.get(DEMO.ofacOfficer, `orders/${created.id}/documents`)).body.items).toEqual([]);
    ok(await api.act(DEMO.parisJudge, created.id, 'validate', { decision: 'APPROVE' }));

    // The provider sees the addressee's copy only; the court and the enforcing authority both copies.
    const forProvider = ok(await api.get(DEMO.examplegram, `orders/${created.id}/documents`)).body.items;
    expect(forProvider).toEqual([expect.objectContaining({ form: 'EPOC', audience: 'ADDRESSEE', language: 'en', languages: ['en', 'fr'], stepSeq: 3 })]);
    const forReviewer = ok(await api.get(DEMO.irishReviewer, `orders/${created.id}/documents`)).body.items;
    expect(forReviewer.map((d: { audience: string }) => d.audience).sort()).toEqual(['ADDRESSEE', 'ENFORCING_AUTHORITY']);
    const enforcingCopy = forReviewer.find((d: { audience: string }) => d.audience === 'ENFORCING_AUTHORITY');
    expect((await api.get(DEMO.examplegram, `orders/${created.id}/documents/${enforcingCopy.id}`)).body).toMatchObject({ status: 404, code: 'DOCUMENT_NOT_FOUND' });
    expect((await api.get(DEMO.nordtel, `orders/${created.id}/documents`)).status).toBe(404);

    // Recorded by digest in the signed VALIDATE step: made in the order's language only.
    const steps = (await api.get(DEMO.ofacOfficer, `orders/${created.id}/steps`)).body.items;
    const recorded = steps[2].record.documents;
    expect(recorded.map((d: { id: string }) => d.id).sort()).toEqual(forReviewer.map((d: { id: string }) => d.id).sort());
    const epoc = forProvider[0];
    const recordedEpoc = recorded.find((d: { id: string }) => d.id === epoc.id);
    expect(recordedEpoc.renditions).toEqual([{ language: 'en', sha256: epoc.sha256, jsonSha256: epoc.jsonSha256 }]);
    expect(recordedEpoc.jsonSha256).toBe(epoc.jsonSha256);

    for (const language of ['en', 'fr']) {
      const response = ok(await download(DEMO.examplegram, `orders/${created.id}/documents/${epoc.id}?lang=${language}`));
      expect(response.headers['content-type']).toBe('application/pdf');
      expect(response.headers['content-disposition']).toContain(`${created.reference}-EPOC-${language}.pdf`);
      const pdf = response.body as Buffer;
      // Kept once made: the list names it, and a second request answers the same bytes.
      const listed = ok(await api.get(DEMO.examplegram, `orders/${created.id}/documents`)).body.items[0];
      const rendition = listed.renditions.find((r: { language: string }) => r.language === language);
      expect(sha256(pdf)).toBe(rendition.sha256);
      expect(sha256(ok(await download(DEMO.examplegram, `orders/${created.id}/documents/${epoc.id}?lang=${language}`)).body as Buffer)).toBe(rendition.sha256);
      // Every rendition embeds the order.json the step recorded.
      expect(rendition.jsonSha256).toBe(recordedEpoc.jsonSha256);
      const embedded = embeddedOrderJson(pdf);
      expect(embedded && sha256(embedded)).toBe(recordedEpoc.jsonSha256);
      ws.file(`epoc-${language}.pdf`, pdf);
      const page = text(`epoc-${language}.pdf`);
      expect(page).toContain(created.reference);
      expect(page).toContain('OFAC-2026-0412');
      expect(page).toContain('suspect.account.42');
      expect(page).toContain('Tribunal judiciaire de Paris');
      expect(page).toContain(recordedEpoc.jsonSha256);
      // Section M never reaches the provider.
      expect(page).not.toContain('40 victims');
      expect(page).toContain(language === 'fr' ? "Certificat d'injonction européenne de production" : 'European Production Order Certificate');
      const signature = pdfsig(`epoc-${language}.pdf`);
      expect(signature).toContain('Signature is Valid');
      expect(signature).toContain('Certificate is Trusted');
      // The original is the court's; a translation is sealed by the exchange and says whose original it renders.
      if (language === 'en') expect(signature).toContain('Tribunal judiciaire de Paris');
      else {
        expect(signature).toContain('Evidence Exchange Seal');
        expect(page).toContain('Traduction établie par la plateforme');
      }
      const check = spawnSync('qpdf', ['--check', `epoc-${language}.pdf`], { cwd: ws.path, encoding: 'utf8' });
      expect({ status: check.status, warnings: /WARNING/i.test(check.stdout + check.stderr) }).toEqual({ status: 0, warnings: false });
    }
    // The enforcing authority's copy holds Section M.
    const copy = ok(await download(DEMO.irishReviewer, `orders/${created.id}/documents/${enforcingCopy.id}?lang=en`)).body as Buffer;
    ws.file('enforcing.pdf', copy);
    expect(text('enforcing.pdf')).toContain('40 victims');
    expect((await api.get(DEMO.examplegram, `orders/${created.id}/documents/${epoc.id}?lang=de`)).body).toMatchObject({ status: 400, errors: [{ field: 'lang' }] });
  });

  it('makes Annex III when the provider declines, signed by the provider', async () => {
    const created = ok(await api.create(DEMO.parisProsecutor, orderBody(providers.Examplegram, { dataCategories: ['SUBSCRIBER'] })), 201).body;
    ok(await api.act(DEMO.parisProsecutor, created.id, 'issue'));
    ok(await api.act(DEMO.examplegram, created.id, 'non-execution', {
      reasons: [4],
      explanation: 'No account of that name existed on the day of receipt.',
      preservation: { preserved: false, reason: 'Nothing to preserve.' },
    }));
    const documents = ok(await api.get(DEMO.parisProsecutor, `orders/${created.id}/documents`)).body.items;
    expect(documents.map((d: { form: string }) => d.form)).toEqual(['EPOC', 'ANNEX_III']);
    const annex = documents[1];
    ws.file('annex-iii.pdf', ok(await download(DEMO.parisProsecutor, `orders/${created.id}/documents/${annex.id}`)).body as Buffer);
    const page = text('annex-iii.pdf');
    expect(page).toContain('Information on the inability to execute an EPOC');
    expect(page).toMatch(/\[X\] 4/);
    expect(page).toContain('No account of that name existed'); // free text stays as written
    expect(pdfsig('annex-iii.pdf')).toContain('Examplegram');
    // The French translation ticks the same reasons.
    ws.file('annex-iii-fr.pdf', ok(await download(DEMO.parisProsecutor, `orders/${created.id}/documents/${annex.id}?lang=fr`)).body as Buffer);
    const french = text('annex-iii-fr.pdf');
    expect(french).toContain("Informations concernant l'impossibilité d'exécuter");
    expect(french).toMatch(/\[X\] 4/);
  });

  it('ticks on Annex III the reasons a partial production gives for what it withholds, in both languages', async () => {
    const created = ok(await api.create(DEMO.parisProsecutor, orderBody(providers.Examplegram, { dataCategories: ['SUBSCRIBER'], targets: [{ kind: 'ACCOUNT', value: 'b.one' }, { kind: 'ACCOUNT', value: 'b.two' }] })), 201).body;
    ok(await api.act(DEMO.parisProsecutor, created.id, 'issue'));
    const file = ok(await t.http().post(`/api/v1/orders/${created.id}/evidence`).set({ authorization: `Bearer ${await t.login(DEMO.examplegram)}`, 'content-type': 'application/octet-stream', 'content-disposition': 'attachment; filename="b-one.txt"' }).send(Buffer.from('records of b.one')), 201).body;
    ok(await api.act(DEMO.examplegram, created.id, 'production', { evidenceIds: [file.id], decisions: [{ target: 'b.one', category: 'SUBSCRIBER', produced: true }, { target: 'b.two', category: 'SUBSCRIBER', produced: false, reason: 4 }] }));
    const annex = ok(await api.get(DEMO.parisProsecutor, `orders/${created.id}/documents`)).body.items.find((d: { form: string }) => d.form === 'ANNEX_III');
    for (const language of ['en', 'fr']) {
      ws.file(`partial-${language}.pdf`, ok(await download(DEMO.parisProsecutor, `orders/${created.id}/documents/${annex.id}?lang=${language}`)).body as Buffer);
      const page = text(`partial-${language}.pdf`);
      expect(page).toMatch(/\[X\] 4 /);
      expect(page).toMatch(/\[\s*\]\s*5 /);
      expect(page).toContain('b.two');
      expect(page).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
    }
  });

  it('renders in threads below the event loop\'s priority (DOCUMENT_RENDER_NICE), so that under load the loop that carries every step comes first', async () => {
    // A process already within RENDER_NICE of the lowest priority cannot show a thread lower still.
    if (loopNice + RENDER_NICE > 19) throw new Error(`the tests run at nice ${loopNice}: run them at nice ${19 - RENDER_NICE} or less to see a render thread go ${RENDER_NICE} lower`);
    const created = ok(await api.create(DEMO.parisProsecutor, orderBody(providers.Examplegram, { dataCategories: ['SUBSCRIBER'] })), 201).body;
    ok(await api.act(DEMO.parisProsecutor, created.id, 'issue'));
    expect((await api.get(DEMO.parisProsecutor, `orders/${created.id}/documents`)).body.items).toHaveLength(1);
    const lowered = readdirSync('/proc/self/task').filter((task) => niceOf(task) === loopNice + RENDER_NICE);
    expect(lowered.length).toBeGreaterThanOrEqual(1);
    expect(niceOf(String(process.pid))).toBe(loopNice);
  });
});
