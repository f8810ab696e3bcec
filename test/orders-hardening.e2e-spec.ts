import { createHash } from 'node:crypto';
import { verifyBundle } from '../libs/bundle/index.js';
import { canonicalJson } from '../libs/pki/index.js';
import { OpensslWorkspace } from '../libs/pki/testing.js';
import { binaryParser } from './support/binary.js';
import { DEMO } from './support/demo-accounts.js';
import { demoDirectory, fixClock, orderBody, ordersClient } from './support/orders.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Defects a review of issues 6 and 7 found, each kept fixed by a test. */
describe('orders: evidence, documents and bundles at the edges', () => {
  let t: TestApp;
  let ws: OpensslWorkspace;
  let api: ReturnType<typeof ordersClient>;
  let providers: Awaited<ReturnType<typeof demoDirectory>>;
  const bearer = async (email: string) => ({ authorization: `Bearer ${await t.login(email)}` });
  const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes);
  const upload = async (id: string, body: Buffer, headers: Record<string, string> = {}) =>
    t
      .http()
      .post(`/api/v1/orders/${id}/evidence`)
      .set({ ...(await bearer(DEMO.examplegram)), 'content-type': 'application/octet-stream', 'content-disposition': 'attachment; filename="file.bin"', ...headers })
      .send(body);
  const download = async (email: string, path: string) => t.http().get(`/api/v1/${path}`).set(await bearer(email)).buffer(true).parse(binaryParser);
  const issued = async (overrides: Record<string, unknown> = {}) => {
    const created = await api.create(DEMO.parisProsecutor, orderBody(providers.Examplegram, { dataCategories: ['SUBSCRIBER'], ...overrides }));
    expect(created.status).toBe(201);
    expect((await api.act(DEMO.parisProsecutor, created.body.id, 'issue')).status).toBe(200);
    return created.body.id as string;
  };

  beforeAll(async () => {
    t = await startTestApp({ ORDER_CLOCK_INTERVAL_MS: '0', EVIDENCE_MAX_ORDER_BYTES: String(1_000_000) });
    ws = new OpensslWorkspace();
    api = ordersClient(t);
    providers = await demoDirectory(t);
    fixClock(t);
  });
  afterAll(async () => {
    ws.remove();
    await t.close();
  });

  it('never deletes a stored blob when an upload of the same bytes fails its check (a signed PDF stays readable)', async () => {
    const id = await issued();
    const document = (await api.get(DEMO.examplegram, `orders/${id}/documents`)).body.items[0];
    const pdf = (await download(DEMO.examplegram, `orders/${id}/documents/${document.id}`)).body as Buffer;
    const refused = await upload(id, pdf, { 'repr-digest': `sha-256=:${sha256(Buffer.from('other')).digest('base64')}:` });
    expect(refused.body).toMatchObject({ status: 400, code: 'EVIDENCE_DIGEST_MISMATCH' });
    const notEnveloped = await upload(id, pdf, { 'content-type': 'application/pkcs7-mime' });
    expect(notEnveloped.status).toBe(400);
    const again = await download(DEMO.examplegram, `orders/${id}/documents/${document.id}`);
    expect(again.status).toBe(200);
    expect(sha256(again.body as Buffer).digest('hex')).toBe(document.sha256);
  });

  it('refuses a drafting intent that carries the payload itself: the provider would read Section M in it', async () => {
    const me = (await t.http().get('/api/v1/me').set(await bearer(DEMO.parisProsecutor))).body.organisation.id as string;
    ws.openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'p.key', '-subj', '/O=x', '-out', 'p.csr']);
    ws.file('p.pem', (await t.http().post(`/api/v1/organisations/${me}/certificates`).set(await bearer(DEMO.operator)).send({ csr: ws.read('p.csr').toString() }).expect(201)).body.certificate);
    const body = orderBody(providers.Examplegram, { dataCategories: ['SUBSCRIBER'] });
    ws.file('intent.json', canonicalJson({ orderId: null, action: 'CREATE', version: 0, payload: body }));
    ws.openssl(['cms', '-sign', '-binary', '-cades', '-in', 'intent.json', '-signer', 'p.pem', '-inkey', 'p.key', '-md', 'sha256', '-nosmimecap', '-outform', 'DER', '-out', 'intent.p7s']);
    const refused = await api.create(DEMO.parisProsecutor, { ...body, signature: ws.read('intent.p7s').toString('base64') });
    expect(refused.body).toMatchObject({ status: 400, code: 'SIGNATURE_INVALID' });
    // The digest form is accepted.
    ws.file('intent.json', canonicalJson({ orderId: null, action: 'CREATE', version: 0, payloadSha256: sha256(canonicalJson(body)).digest('hex') }));
    ws.openssl(['cms', '-sign', '-binary', '-cades', '-in', 'intent.json', '-signer', 'p.pem', '-inkey', 'p.key', '-md', 'sha256', '-nosmimecap', '-outform', 'DER', '-out', 'intent.p7s']);
    expect((await api.create(DEMO.parisProsecutor, { ...body, signature: ws.read('intent.p7s').toString('base64') })).status).toBe(201);
  });

  it('wants a decision for every target and category, once', async () => {
    const id = await issued({ targets: [{ kind: 'ACCOUNT', value: 'a.one' }, { kind: 'ACCOUNT', value: 'a.two' }] });
    const file = await upload(id, Buffer.from('subscriber records'));
    const partialAnswer = await api.act(DEMO.examplegram, id, 'production', { evidenceIds: [file.body.id], decisions: [{ target: 'a.one', category: 'SUBSCRIBER', produced: true }, { target: 'a.one', category: 'SUBSCRIBER', produced: true }] });
    expect(partialAnswer.body).toMatchObject({ status: 400 });
    expect(partialAnswer.body.errors.map((e: { field: string; message: string }) => `${e.field}: ${e.message}`)).toEqual(['decisions[1]: repeats a target and category already decided', 'decisions: has no decision for a.two and SUBSCRIBER: every target and category needs one']);
  });

  it('counts resumable uploads in progress against the limit of the order', async () => {
    const id = await issued();
    const start = async (size: number) =>
      t.http().post(`/api/v1/orders/${id}/evidence/uploads`).set(await bearer(DEMO.examplegram)).send({ filename: 'part.bin', size, sha256: 'a'.repeat(64) });
    expect((await start(600_000)).status).toBe(201);
    expect((await start(600_000)).body).toMatchObject({ status: 413, code: 'EVIDENCE_TOO_LARGE' });
    expect((await upload(id, Buffer.alloc(500_000, 1))).body).toMatchObject({ status: 413 });
  });

  it('keeps names readable and honest: no bidi overrides in filenames, spaces and accents percent-encoded in the bundle manifest', async () => {
    const id = await issued();
    const disguised = await upload(id, Buffer.from('MZ'), { 'content-disposition': "attachment; filename*=UTF-8''invoice%E2%80%AEfdp.exe" });
    expect(disguised.body.filename).toBe('invoicefdp.exe');
    const file = await upload(id, Buffer.from('mail'), { 'content-disposition': "attachment; filename*=UTF-8''bo%C3%AEte%20mail.mbox" });
    expect(file.body.filename).toBe('boîte mail.mbox');
    expect((await api.act(DEMO.examplegram, id, 'production', { evidenceIds: [disguised.body.id, file.body.id], decisions: [{ target: 'suspect.account.42', category: 'SUBSCRIBER', produced: true }] })).status).toBe(200);
    const bundle = await download(DEMO.parisProsecutor, `orders/${id}/bundle`);
    const path = ws.file('names.zip', bundle.body as Buffer);
    expect((await verifyBundle(path)).failures).toEqual([]);
  });

  it('bundles two Annex III of one order (a clarification, then a partial production) under distinct names', async () => {
    const id = await issued({ targets: [{ kind: 'ACCOUNT', value: 'b.one' }, { kind: 'ACCOUNT', value: 'b.two' }] });
    expect((await api.act(DEMO.examplegram, id, 'clarification-request', { reasons: [3], message: 'Which b.one?' })).status).toBe(200);
    expect((await api.act(DEMO.parisProsecutor, id, 'clarification', { message: 'The handle.' })).status).toBe(200);
    const file = await upload(id, Buffer.from('records of b.one'));
    expect((await api.act(DEMO.examplegram, id, 'production', { evidenceIds: [file.body.id], decisions: [{ target: 'b.one', category: 'SUBSCRIBER', produced: true }, { target: 'b.two', category: 'SUBSCRIBER', produced: false, reason: 4 }] })).status).toBe(200);
    const forms = (await api.get(DEMO.parisProsecutor, `orders/${id}/documents`)).body.items.map((d: { form: string }) => d.form);
    expect(forms).toEqual(['EPOC', 'ANNEX_III', 'ANNEX_III']);
    const bundle = await download(DEMO.parisProsecutor, `orders/${id}/bundle`);
    const report = await verifyBundle(ws.file('two-annexes.zip', bundle.body as Buffer));
    expect(report.failures).toEqual([]);
  });

  it('refuses hostile shapes the order routes used to crash on: a cursor of the wrong shape, arrays for objects', async () => {
    const badCursor = Buffer.from(JSON.stringify(['not-a-date', '00000000-0000-4000-8000-000000000000'])).toString('base64url');
    expect((await api.get(DEMO.parisProsecutor, `orders?cursor=${badCursor}`)).body).toMatchObject({ status: 400, errors: [{ field: 'cursor' }] });
    const created = await api.create(DEMO.parisProsecutor, orderBody(providers.Examplegram, { timeRange: [], offence: [] }));
    expect(created.body).toMatchObject({ status: 400 });
    expect(created.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['timeRange', 'offence']));
    const order = (await api.create(DEMO.parisProsecutor, orderBody(providers.Examplegram, { dataCategories: ['SUBSCRIBER'] }))).body;
    await api.act(DEMO.parisProsecutor, order.id, 'issue');
    const declined = await api.act(DEMO.examplegram, order.id, 'non-execution', { reasons: [10], explanation: 'x', thirdCountryConflict: [], preservation: [] });
    expect(declined.body).toMatchObject({ status: 400 });
    expect(declined.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['thirdCountryConflict', 'preservation']));
  });
});
