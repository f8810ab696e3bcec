import { spawnSync } from 'node:child_process';
import { OpensslWorkspace } from '../libs/pki/testing.js';
import { binaryParser } from './support/binary.js';
import { DEMO } from './support/demo-accounts.js';
import { demoDirectory, fixClock, orderBody, ordersClient } from './support/orders.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Evidence encrypted to its recipient: the exchange holds only ciphertext and its digest. */
describe('orders: evidence encrypted to the recipient', () => {
  let t: TestApp;
  let ws: OpensslWorkspace;
  let api: ReturnType<typeof ordersClient>;
  const bearer = async (email: string) => ({ authorization: `Bearer ${await t.login(email)}` });

  beforeAll(async () => {
    t = await startTestApp({ ORDER_CLOCK_INTERVAL_MS: '0' });
    ws = new OpensslWorkspace();
    api = ordersClient(t);
    fixClock(t);
  });
  afterAll(async () => {
    ws.remove();
    await t.close();
  });

  it('lets the provider encrypt to the recipient\'s own certificate; the prosecutor decrypts what the bundle carries', async () => {
    const providers = await demoDirectory(t);
    const prosecutorOrg = (await t.http().get('/api/v1/me').set(await bearer(DEMO.parisProsecutor))).body.organisation.id as string;
    // The recipient's own key, registered by the operator from a CSR: the exchange never holds it.
    ws.openssl(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'recipient.key', '-subj', '/O=Parquet de Paris', '-out', 'recipient.csr']);
    await t.http().post(`/api/v1/organisations/${prosecutorOrg}/certificates`).set(await bearer(DEMO.operator)).send({ csr: ws.read('recipient.csr').toString() }).expect(201);

    const created = await api.create(DEMO.parisProsecutor, orderBody(providers.Examplegram, { dataCategories: ['SUBSCRIBER'] }));
    const id = created.body.id as string;
    expect((await api.act(DEMO.parisProsecutor, id, 'issue')).status).toBe(200);
    expect((await api.get(DEMO.parisProsecutor, `orders/${id}/evidence/recipient-certificates`)).status).toBe(403);
    const recipients = (await api.get(DEMO.examplegram, `orders/${id}/evidence/recipient-certificates`)).body;
    expect(recipients).toMatchObject({ recipientId: prosecutorOrg });
    // Only the certificate whose key the recipient keeps: not its custodial one.
    expect(recipients.items).toHaveLength(1);
    ws.file('recipient.pem', recipients.items[0].certificate);

    // The provider's side, with stock openssl.
    const plaintext = Buffer.from('name: Jane Doe\nemail: suspect@example.org\nregistered: 2024-02-01T10:00:00Z\n');
    ws.file('subscriber.txt', plaintext);
    ws.openssl(['cms', '-encrypt', '-binary', '-aes256', '-in', 'subscriber.txt', '-recip', 'recipient.pem', '-outform', 'DER', '-out', 'subscriber.p7m']);
    const ciphertext = ws.read('subscriber.p7m');
    const uploaded = await t
      .http()
      .post(`/api/v1/orders/${id}/evidence`)
      .set({ ...(await bearer(DEMO.examplegram)), 'content-type': 'application/pkcs7-mime', 'content-disposition': 'attachment; filename="subscriber.txt.p7m"' })
      .send(ciphertext);
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toMatchObject({ mediaType: 'application/pkcs7-mime; smime-type=enveloped-data', size: ciphertext.length });
    const notEnveloped = await t
      .http()
      .post(`/api/v1/orders/${id}/evidence`)
      .set({ ...(await bearer(DEMO.examplegram)), 'content-type': 'application/pkcs7-mime' })
      .send(plaintext);
    expect(notEnveloped.body).toMatchObject({ status: 400, errors: [{ field: 'Content-Type' }] });
    expect((await api.act(DEMO.examplegram, id, 'production', { evidenceIds: [uploaded.body.id], decisions: [{ target: 'suspect.account.42', category: 'SUBSCRIBER', produced: true }] })).status).toBe(200);

    // The exchange stored ciphertext only; the bundle carries it; the recipient decrypts it.
    expect(spawnSync('grep', ['-rl', 'Jane Doe', `${t.database.dataDir}/blobs`]).stdout.toString()).toBe('');
    const bundle = await t.http().get(`/api/v1/orders/${id}/bundle`).set(await bearer(DEMO.parisProsecutor)).buffer(true).parse(binaryParser);
    expect(bundle.status).toBe(200);
    ws.file('bundle.zip', bundle.body as Buffer);
    const name = spawnSync('unzip', ['-Z1', 'bundle.zip'], { cwd: ws.path, encoding: 'utf8' }).stdout.split('\n').find((entry) => entry.endsWith('subscriber.txt.p7m'))!;
    ws.file('from-bundle.p7m', spawnSync('unzip', ['-p', 'bundle.zip', name], { cwd: ws.path }).stdout);
    ws.openssl(['cms', '-decrypt', '-binary', '-inform', 'DER', '-in', 'from-bundle.p7m', '-inkey', 'recipient.key', '-recip', 'recipient.pem', '-out', 'decrypted.txt']);
    expect(ws.read('decrypted.txt').equals(plaintext)).toBe(true);
  });
});
