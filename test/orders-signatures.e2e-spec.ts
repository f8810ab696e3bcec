import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { OpensslWorkspace } from '../libs/pki/testing.js';
import { canonicalJson } from '../libs/pki/index.js';
import { DEMO } from './support/demo-accounts.js';
import { demoDirectory, fixClock, orderBody, ordersClient } from './support/orders.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Client-signed steps, and the chain checked by stock openssl and by the verification endpoint. */
describe('orders: signatures and the step chain', () => {
  let t: TestApp;
  let ws: OpensslWorkspace;
  let api: ReturnType<typeof ordersClient>;
  let providers: Awaited<ReturnType<typeof demoDirectory>>;
  let me: (email: string) => Promise<{ organisation: { id: string } }>;
  const bearer = async (email: string) => ({ authorization: `Bearer ${await t.login(email)}` });
  const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

  /** A certificate of the caller's organisation from a CSR: the key stays with the client. */
  async function clientCertificate(email: string, name: string): Promise<{ fingerprintSha256: string; serialNumber: string }> {
    const organisationId = (await me(email)).organisation.id;
    ws.openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-subj', '/O=ignored', '-out', `${name}.csr`]);
    const issued = await t.http().post(`/api/v1/organisations/${organisationId}/certificates`).set(await bearer(email)).send({ csr: ws.read(`${name}.csr`).toString() }).expect(201);
    ws.file(`${name}.pem`, issued.body.certificate);
    return issued.body;
  }

  /** `openssl cms -sign` as a provider's own system would: detached, CAdES (signing-certificate-v2), DER. */
  function sign(name: string, intent: Buffer): string {
    ws.file('intent.json', intent);
    ws.openssl(['cms', '-sign', '-binary', '-in', 'intent.json', '-signer', `${name}.pem`, '-inkey', `${name}.key`, '-md', 'sha256', '-cades', '-nosmimecap', '-outform', 'DER', '-out', 'intent.p7s']);
    return ws.read('intent.p7s').toString('base64');
  }

  const intent = (orderId: string, action: string, version: number, payload: object) => canonicalJson({ orderId, action, version, payloadSha256: sha256(canonicalJson(payload)) });

  async function issuedOrder(): Promise<{ id: string; version: number }> {
    const created = await api.create(DEMO.parisProsecutor, orderBody(providers.Examplegram, { dataCategories: ['SUBSCRIBER'] }));
    expect(created.status).toBe(201);
    const issued = await api.act(DEMO.parisProsecutor, created.body.id, 'issue');
    expect(issued.status).toBe(200);
    return issued.body;
  }

  beforeAll(async () => {
    t = await startTestApp({ ORDER_CLOCK_INTERVAL_MS: '0' });
    ws = new OpensslWorkspace();
    api = ordersClient(t);
    providers = await demoDirectory(t);
    fixClock(t);
    me = async (email) => (await t.http().get('/api/v1/me').set(await bearer(email)).expect(200)).body;
    ws.file('ca.pem', (await t.http().get('/api/v1/pki/ca').expect(200)).text);
  });
  afterAll(async () => {
    ws.remove();
    await t.close();
  });

  it('accepts a step signed by the organisation\'s own system, in either form of the intent, and records exactly what it signed', async () => {
    const certificate = await clientCertificate(DEMO.examplegram, 'examplegram');
    const order = await issuedOrder();

    const digestForm = intent(order.id, 'ACKNOWLEDGE', order.version, {});
    const acknowledged = await api.act(DEMO.examplegram, order.id, 'acknowledge', { signature: sign('examplegram', digestForm) });
    expect({ status: acknowledged.status, body: acknowledged.body }).toMatchObject({ status: 200, body: { status: 'ACKNOWLEDGED' } });

    // The other form of the intent: the payload itself instead of its digest.
    const body = { reasons: ['INSUFFICIENT_INFORMATION'], message: 'Which account: the handle or the numeric id?' };
    const payloadForm = canonicalJson({ orderId: order.id, action: 'REQUEST_CLARIFICATION', version: acknowledged.body.version, payload: body });
    const clarification = await api.act(DEMO.examplegram, order.id, 'clarification-request', { ...body, signature: sign('examplegram', payloadForm) });
    expect(clarification.status).toBe(200);

    const steps = (await api.get(DEMO.examplegram, `orders/${order.id}/steps`)).body.items;
    expect(steps.slice(-2).map((s: { intent: { signedBy: string; signerFingerprintSha256: string; canonical: string } }) => s.intent)).toEqual([
      expect.objectContaining({ signedBy: 'CLIENT', signerFingerprintSha256: certificate.fingerprintSha256, canonical: digestForm.toString('base64') }),
      expect.objectContaining({ signedBy: 'CLIENT', signerFingerprintSha256: certificate.fingerprintSha256, canonical: payloadForm.toString('base64') }),
    ]);
    expect((await api.get(DEMO.parisProsecutor, `orders/${order.id}/verification`)).body).toMatchObject({ valid: true, problems: [] });
  });

  it('refuses a signature that is not the acting organisation\'s, not for this version, revoked, or not a CMS, naming the field', async () => {
    await clientCertificate(DEMO.examplegram, 'examplegram2');
    await clientCertificate(DEMO.nordtel, 'nordtel');
    const order = await issuedOrder();
    const right = intent(order.id, 'ACKNOWLEDGE', order.version, {});
    const attempts = [
      sign('nordtel', right), // another organisation's certificate
      sign('examplegram2', intent(order.id, 'ACKNOWLEDGE', order.version - 1, {})), // a stale version
      sign('examplegram2', intent(order.id, 'CLOSE', order.version, {})), // another action
      'bm90IGEgc2lnbmF0dXJl', // base64, but not a CMS
    ];
    for (const signature of attempts) {
      const refused = await api.act(DEMO.examplegram, order.id, 'acknowledge', { signature });
      expect({ status: refused.status, code: refused.body.code, field: refused.body.errors?.[0]?.field }).toEqual({ status: 400, code: 'SIGNATURE_INVALID', field: 'signature' });
    }
    // Revoked: refused from the next request on.
    const examplegramId = (await me(DEMO.examplegram)).organisation.id;
    const revocable = await clientCertificate(DEMO.examplegram, 'examplegram3');
    await t.http().post(`/api/v1/organisations/${examplegramId}/certificates/${revocable.serialNumber}/revoke`).set(await bearer(DEMO.examplegram)).send({ reason: 'keyCompromise' }).expect(200);
    const revoked = await api.act(DEMO.examplegram, order.id, 'acknowledge', { signature: sign('examplegram3', right) });
    expect({ status: revoked.status, code: revoked.body.code }).toEqual({ status: 400, code: 'SIGNATURE_INVALID' });
    expect((await api.get(DEMO.examplegram, `orders/${order.id}`)).body).toMatchObject({ status: 'ISSUED', version: order.version });
  });

  it('lets anyone holding /pki/ca check a step with stock openssl: intent, seal and timestamp', async () => {
    const order = await issuedOrder();
    const steps = (await api.get(DEMO.examplegram, `orders/${order.id}/steps`)).body.items;
    for (const step of steps) {
      ws.file('canonical.bin', Buffer.from(step.canonical, 'base64'));
      ws.file('seal.der', Buffer.from(step.seal.cms, 'base64'));
      ws.file('intent.bin', Buffer.from(step.intent.canonical, 'base64'));
      ws.file('intent.der', Buffer.from(step.intent.cms, 'base64'));
      ws.file('token.der', Buffer.from(step.seal.timestampToken, 'base64'));
      expect(sha256(Buffer.from(step.canonical, 'base64'))).toBe(step.hash);
      expect(ws.openssl(['cms', '-verify', '-binary', '-inform', 'DER', '-in', 'seal.der', '-content', 'canonical.bin', '-CAfile', 'ca.pem', '-purpose', 'any', '-out', '/dev/null'])).toContain('Verification successful');
      expect(ws.openssl(['cms', '-verify', '-binary', '-inform', 'DER', '-in', 'intent.der', '-content', 'intent.bin', '-CAfile', 'ca.pem', '-purpose', 'any', '-out', '/dev/null'])).toContain('Verification successful');
      expect(ws.openssl(['ts', '-verify', '-digest', step.hash, '-token_in', '-in', 'token.der', '-CAfile', 'ca.pem'])).toContain('Verification: OK');
    }
    expect(steps.map((s: { prevHash: string }) => s.prevHash)).toEqual(['0'.repeat(64), steps[0].hash]);
  });

  it('keeps steps append-only in the database, and names every break the verification finds when someone with database access bypasses that', async () => {
    const order = await issuedOrder();
    const acknowledged = await api.act(DEMO.examplegram, order.id, 'acknowledge');
    expect(acknowledged.status).toBe(200);
    const db = t.app.get(DataSource);
    await expect(db.query(`UPDATE order_steps SET action = 'CLOSE' WHERE order_id = $1`, [order.id])).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM order_steps WHERE order_id = $1`, [order.id])).rejects.toThrow(/append-only/);

    // An attacker with the owner's rights switches the trigger off and edits the stored bytes.
    const tamper = async (sql: string) => {
      await db.query('ALTER TABLE order_steps DISABLE TRIGGER tr_order_steps_no_update_delete');
      await db.query(sql, [order.id]);
      await db.query('ALTER TABLE order_steps ENABLE TRIGGER tr_order_steps_no_update_delete');
    };
    const verification = async () => (await api.get(DEMO.parisProsecutor, `orders/${order.id}/verification`)).body;
    expect(await verification()).toMatchObject({ valid: true });

    await tamper(`UPDATE order_steps SET payload = convert_to('{"forged":true}', 'UTF8') WHERE order_id = $1 AND seq = 3`);
    let report = await verification();
    expect(report.valid).toBe(false);
    expect(report.problems).toContain('step 3 (ACKNOWLEDGE): payload does not match payloadSha256');
    expect(report.steps[2]).toMatchObject({ chainValid: false });

    await tamper(`UPDATE order_steps SET seal_cms = overlay(seal_cms placing '\\x00'::bytea from 60 for 1) WHERE order_id = $1 AND seq = 2`);
    report = await verification();
    expect(report.steps[1]).toMatchObject({ sealValid: false });
    expect(report.problems.some((p: string) => p.startsWith('step 2 (ISSUE): seal'))).toBe(true);

    await tamper(`UPDATE order_steps SET to_status = 'CLOSED' WHERE order_id = $1 AND seq = 1`);
    report = await verification();
    expect(report.problems).toContain('step 1 (CREATE): canonical bytes do not match the step\'s fields');

    await tamper(`DELETE FROM order_steps WHERE order_id = $1 AND seq = 2`);
    report = await verification();
    expect(report.problems.some((p: string) => /step 3 \(ACKNOWLEDGE\): expected seq 2/.test(p))).toBe(true);
    expect(report.problems.some((p: string) => /prevHash does not match/.test(p))).toBe(true);
  });
});
