import { DataSource } from 'typeorm';
import { OpensslWorkspace } from '../libs/pki/testing.js';
import { binaryParser } from './support/binary.js';
import { DEMO } from './support/demo-accounts.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Issue 3 through the HTTP API, checked with stock openssl. */
describe('PKI: exchange CA, organisation certificates, CRL, timestamps, certificate login', () => {
  let t: TestApp;
  let ws: OpensslWorkspace;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const me = async (email: string) => (await t.http().get('/api/v1/me').set(bearer(await t.login(email))).expect(200)).body;

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT: '100' });
    ws = new OpensslWorkspace();
    const chain = await t.http().get('/api/v1/pki/ca').expect(200);
    expect(chain.headers['content-type']).toMatch(/^application\/pem-certificate-chain/);
    const blocks = chain.text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n/g) ?? [];
    expect(blocks).toHaveLength(2);
    ws.file('issuing.pem', blocks[0]);
    ws.file('root.pem', blocks[1]);
    ws.file('ca.pem', chain.text);
  });
  afterAll(async () => {
    ws.remove();
    await t.close();
  });

  describe('the exchange CA', () => {
    it('serves a root and an issuing CA that openssl accepts, without authentication', () => {
      expect(ws.openssl(['verify', '-CAfile', 'root.pem', 'issuing.pem'])).toContain('issuing.pem: OK');
      const root = ws.openssl(['x509', '-in', 'root.pem', '-noout', '-text']);
      expect(root).toMatch(/CA:TRUE/);
      expect(root).toMatch(/Certificate Sign, CRL Sign/);
      expect(root).toMatch(/ASN1 OID: prime256v1/);
      const issuing = ws.openssl(['x509', '-in', 'issuing.pem', '-noout', '-text']);
      expect(issuing).toMatch(/CA:TRUE, pathlen:0/);
    });

    it('keeps the same CA across a restart', async () => {
      const before = (await t.http().get('/api/v1/pki/ca').expect(200)).text;
      t = await t.restart();
      const after = (await t.http().get('/api/v1/pki/ca').expect(200)).text;
      expect(after).toBe(before);
    });
  });

  describe('organisation certificates', () => {
    it('gives every demo organisation but the operator a custodial certificate from the exchange CA', async () => {
      for (const email of [DEMO.ofacOfficer, DEMO.parisJudge, DEMO.irishReviewer, DEMO.examplegram, DEMO.nordtel, DEMO.albionMail]) {
        const { organisation } = await me(email);
        const list = await t.http().get(`/api/v1/organisations/${organisation.id}/certificates`).set(bearer(await t.login(email))).expect(200);
        expect(list.body.items).toHaveLength(1);
        const [certificate] = list.body.items;
        expect(certificate).toMatchObject({ custodial: true, status: 'VALID' });
        // RFC 4514 text escapes the comma in "Police nationale, OFAC".
        expect(certificate.subject).toContain(`O=${organisation.name.replace(/,/g, '\\,')}`);
        expect(certificate.subject).toContain(`C=${organisation.country}`);
        expect(certificate.subject).toContain(`organizationIdentifier=EVX-${organisation.id}`);
        ws.file('demo.pem', certificate.certificate);
        expect(ws.openssl(['verify', '-CAfile', 'ca.pem', 'demo.pem'])).toContain('OK');
      }
    });

    it.each([
      ['P-256', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']],
      ['RSA-2048', ['-newkey', 'rsa:2048']],
    ])('issues a %s certificate from a CSR, naming the organisation whatever the CSR says', async (_name, keyArgs) => {
      const admin = await t.login(DEMO.nordtel);
      const { organisation } = await me(DEMO.nordtel);
      ws.openssl(['req', '-new', ...keyArgs, '-nodes', '-keyout', 'csr.key', '-subj', '/O=Somebody Else/C=FR', '-out', 'org.csr']);
      const response = await t.http().post(`/api/v1/organisations/${organisation.id}/certificates`).set(bearer(admin)).send({ csr: ws.read('org.csr').toString() }).expect(201);
      expect(response.body).toMatchObject({ serialNumber: expect.stringMatching(/^[0-9a-f]+$/), fingerprintSha256: expect.stringMatching(/^[0-9a-f]{64}$/), custodial: false, status: 'VALID' });
      expect(JSON.stringify(response.body)).not.toMatch(/PRIVATE KEY/);
      ws.file('issued.pem', response.body.certificate);
      expect(ws.openssl(['verify', '-CAfile', 'ca.pem', 'issued.pem'])).toContain('OK');
      const text = ws.openssl(['x509', '-in', 'issued.pem', '-noout', '-subject', '-serial', '-fingerprint', '-sha256']);
      expect(text).toContain('O = Nordtel');
      expect(text).toContain('C = DE');
      expect(text).not.toContain('Somebody Else');
      expect(text.toLowerCase()).toContain(`serial=${response.body.serialNumber}`);
      expect(text.replace(/:/g, '').toLowerCase()).toContain(response.body.fingerprintSha256);
    });

    it('refuses weak keys and unreadable or ambiguous requests, naming the field', async () => {
      const admin = await t.login(DEMO.nordtel);
      const { organisation } = await me(DEMO.nordtel);
      const url = `/api/v1/organisations/${organisation.id}/certificates`;
      ws.openssl(['req', '-new', '-newkey', 'rsa:1024', '-nodes', '-keyout', 'weak.key', '-subj', '/O=Weak', '-out', 'weak.csr']);
      const weak = await t.http().post(url).set(bearer(admin)).send({ csr: ws.read('weak.csr').toString() }).expect(400);
      expect(weak.body.errors[0].field).toBe('csr');
      ws.openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384', '-nodes', '-keyout', 'p384.key', '-subj', '/O=P384', '-out', 'p384.csr']);
      await t.http().post(url).set(bearer(admin)).send({ csr: ws.read('p384.csr').toString() }).expect(400);
      const garbage = `-----BEGIN CERTIFICATE REQUEST-----\n${Buffer.alloc(200, 7).toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
      expect((await t.http().post(url).set(bearer(admin)).send({ csr: garbage }).expect(400)).body.errors[0].field).toBe('csr');
      await t.http().post(url).set(bearer(admin)).send({}).expect(400);
      await t.http().post(url).set(bearer(admin)).send({ csr: ws.read('weak.csr').toString(), custodial: true }).expect(400);
      await t.http().post(url).set(bearer(admin)).send({ custodial: false }).expect(400);
    });

    it('lets only the operator and the organisation\'s own admin issue', async () => {
      const { organisation } = await me(DEMO.nordtel);
      const url = `/api/v1/organisations/${organisation.id}/certificates`;
      await t.http().post(url).set(bearer(await t.login(DEMO.examplegram))).send({ custodial: true }).expect(404);
      await t.http().post(url).set(bearer(await t.login(DEMO.ofacOfficer))).send({ custodial: true }).expect(403);
      await t.http().get(url).set(bearer(await t.login(DEMO.ofacOfficer))).expect(404);
      const custodial = await t.http().post(url).set(bearer(await t.login(DEMO.operator))).send({ custodial: true }).expect(201);
      expect(custodial.body.custodial).toBe(true);
      const operator = await me(DEMO.operator);
      const refused = await t.http().post(`/api/v1/organisations/${operator.organisation.id}/certificates`).set(bearer(await t.login(DEMO.operator))).send({ custodial: true }).expect(409);
      expect(refused.body.code).toBe('CERTIFICATE_NOT_ALLOWED');
    });

    it('keeps private keys wrapped at rest', async () => {
      const rows: { wrapped_key: Buffer; public_key_spki: Buffer }[] = await t.app.get(DataSource).query('SELECT wrapped_key, public_key_spki FROM pki_keys');
      expect(rows.length).toBeGreaterThanOrEqual(4 + 9);
      for (const row of rows) {
        // A PKCS#8 EC key starts with these bytes; ciphertext does not.
        expect(row.wrapped_key.includes(Buffer.from('3041020100301306072a8648ce3d0201', 'hex'))).toBe(false);
        expect(row.wrapped_key.includes(row.public_key_spki.subarray(-65))).toBe(false);
      }
    });
  });

  describe('revocation and the CRL', () => {
    it('revokes with a reason, lists the serial on a CRL openssl reads, and refuses a second revocation', async () => {
      const admin = await t.login(DEMO.albionMail);
      const { organisation } = await me(DEMO.albionMail);
      const url = `/api/v1/organisations/${organisation.id}/certificates`;
      const issued = await t.http().post(url).set(bearer(admin)).send({ custodial: true }).expect(201);
      const serial = issued.body.serialNumber as string;
      const revoked = await t.http().post(`${url}/${serial}/revoke`).set(bearer(admin)).send({ reason: 'keyCompromise' }).expect(200);
      expect(revoked.body).toMatchObject({ status: 'REVOKED', revocationReason: 'keyCompromise', revokedAt: expect.any(String) });
      const again = await t.http().post(`${url}/${serial}/revoke`).set(bearer(admin)).send({ reason: 'superseded' }).expect(409);
      expect(again.body.code).toBe('CERTIFICATE_ALREADY_REVOKED');
      await t.http().post(`${url}/${serial}/revoke`).set(bearer(admin)).send({ reason: 'because' }).expect(400);
      await t.http().post(`${url}/00ff/revoke`).set(bearer(admin)).send({ reason: 'superseded' }).expect(404);

      const crl = await t.http().get('/api/v1/pki/crl').buffer(true).parse(binaryParser).expect(200);
      expect(crl.headers['content-type']).toBe('application/pkix-crl');
      ws.file('crl.der', crl.body);
      const text = ws.openssl(['crl', '-inform', 'DER', '-in', 'crl.der', '-noout', '-text', '-CAfile', 'ca.pem']);
      expect(text).toMatch(/verify OK/);
      expect(text.toUpperCase()).toContain(serial.toUpperCase());
      expect(text).toContain('Key Compromise');

      ws.file('revoked.pem', issued.body.certificate);
      ws.openssl(['crl', '-inform', 'DER', '-in', 'crl.der', '-out', 'crl.pem']);
      expect(() => ws.openssl(['verify', '-crl_check', '-CAfile', 'ca.pem', '-CRLfile', 'crl.pem', 'revoked.pem'])).toThrow(/certificate revoked/);
    });

    it('lists every revoked serial', async () => {
      const admin = await t.login(DEMO.operator);
      const { organisation } = await me(DEMO.examplegram);
      const url = `/api/v1/organisations/${organisation.id}/certificates`;
      const serials: string[] = [];
      for (let i = 0; i < 3; i++) {
        const issued = await t.http().post(url).set(bearer(admin)).send({ custodial: true }).expect(201);
        await t.http().post(`${url}/${issued.body.serialNumber}/revoke`).set(bearer(admin)).send({ reason: 'superseded' }).expect(200);
        serials.push(issued.body.serialNumber);
      }
      const crl = await t.http().get('/api/v1/pki/crl').buffer(true).parse(binaryParser).expect(200);
      ws.file('crl2.der', crl.body);
      const text = ws.openssl(['crl', '-inform', 'DER', '-in', 'crl2.der', '-noout', '-text']).toUpperCase();
      for (const serial of serials) expect(text).toContain(serial.toUpperCase());
    });
  });

  describe('timestamp authority', () => {
    it('answers an openssl query with a reply openssl verifies', async () => {
      ws.file('data.bin', 'evidence to be timestamped');
      ws.openssl(['ts', '-query', '-data', 'data.bin', '-sha256', '-cert', '-out', 'req.tsq']);
      const reply = await t
        .http()
        .post('/api/v1/pki/timestamp')
        .set(bearer(await t.login(DEMO.ofacOfficer)))
        .set('content-type', 'application/timestamp-query')
        .send(ws.read('req.tsq'))
        .buffer(true)
        .parse(binaryParser)
        .expect(200);
      expect(reply.headers['content-type']).toBe('application/timestamp-reply');
      ws.file('resp.tsr', reply.body);
      expect(ws.openssl(['ts', '-verify', '-queryfile', 'req.tsq', '-in', 'resp.tsr', '-CAfile', 'root.pem', '-untrusted', 'issuing.pem'])).toContain('Verification: OK');
      expect(ws.openssl(['ts', '-verify', '-data', 'data.bin', '-in', 'resp.tsr', '-CAfile', 'root.pem', '-untrusted', 'issuing.pem'])).toContain('Verification: OK');
      ws.file('other.bin', 'something else');
      expect(() => ws.openssl(['ts', '-verify', '-data', 'other.bin', '-in', 'resp.tsr', '-CAfile', 'root.pem', '-untrusted', 'issuing.pem'])).toThrow(/imprint mismatch|FAILED/);
    });

    it('needs a token and the timestamp-query content type', async () => {
      await t.http().post('/api/v1/pki/timestamp').set('content-type', 'application/timestamp-query').send(ws.read('req.tsq')).expect(401);
      const token = await t.login(DEMO.ofacOfficer);
      await t.http().post('/api/v1/pki/timestamp').set(bearer(token)).set('content-type', 'application/octet-stream').send(Buffer.from('x')).expect(415);
    });
  });

  describe('certificate login', () => {
    async function issueWithKey(email: string): Promise<{ serial: string; organisationId: string }> {
      const { organisation } = await me(email);
      ws.openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'login.key', '-subj', '/O=x', '-out', 'login.csr']);
      const issued = await t.http().post(`/api/v1/organisations/${organisation.id}/certificates`).set(bearer(await t.login(email))).send({ csr: ws.read('login.csr').toString() }).expect(201);
      ws.file('login.pem', issued.body.certificate);
      return { serial: issued.body.serialNumber, organisationId: organisation.id };
    }

    async function challengeAndSign(certificatePem: string, keyFile = 'login.key') {
      const challenge = await t.http().post('/api/v1/auth/challenge').send({ certificate: certificatePem }).expect(200);
      expect(challenge.body).toEqual({ challengeId: expect.any(String), nonce: expect.any(String), expiresAt: expect.any(String) });
      ws.file('nonce.bin', Buffer.from(challenge.body.nonce, 'base64'));
      ws.openssl(['dgst', '-sha256', '-sign', keyFile, '-out', 'nonce.sig', 'nonce.bin']);
      return { challengeId: challenge.body.challengeId as string, signature: ws.read('nonce.sig').toString('base64') };
    }

    it('issues a token bound to the certificate, acting as the organisation\'s system account', async () => {
      const { organisationId } = await issueWithKey(DEMO.examplegram);
      const certificate = ws.read('login.pem').toString();
      const signed = await challengeAndSign(certificate);
      const login = await t.http().post('/api/v1/auth/certificate-login').send(signed).expect(200);
      expect(login.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
      const claims = JSON.parse(Buffer.from(login.body.accessToken.split('.')[1], 'base64url').toString());
      const der = Buffer.from(certificate.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
      const { createHash } = await import('node:crypto');
      expect(claims.cnf).toEqual({ 'x5t#S256': createHash('sha256').update(der).digest('base64url') });
      const whoami = await t.http().get('/api/v1/me').set(bearer(login.body.accessToken)).expect(200);
      expect(whoami.body.organisation.id).toBe(organisationId);
      expect(whoami.body.user.roles).toEqual(['RESPONDER']);
      // The nonce is single-use.
      await t.http().post('/api/v1/auth/certificate-login').send(signed).expect(401);
    });

    it('refuses a wrong signature, an unknown certificate and a made-up challenge with one answer', async () => {
      await issueWithKey(DEMO.nordtel);
      const certificate = ws.read('login.pem').toString();
      ws.openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'other.key']);
      const wrongKey = await challengeAndSign(certificate, 'other.key');
      const wrong = await t.http().post('/api/v1/auth/certificate-login').send(wrongKey).expect(401);
      ws.openssl(['req', '-new', '-x509', '-key', 'other.key', '-subj', '/O=Nordtel/C=DE', '-days', '1', '-out', 'self.pem']);
      const selfSigned = await challengeAndSign(ws.read('self.pem').toString(), 'other.key');
      const unknown = await t.http().post('/api/v1/auth/certificate-login').send(selfSigned).expect(401);
      const madeUp = await t.http().post('/api/v1/auth/certificate-login').send({ challengeId: '1f0e4c1a-9a73-4d0e-8a55-5b1d6c2e7f90', signature: 'AAAA' }).expect(401);
      expect(wrong.body.detail).toBe(unknown.body.detail);
      expect(unknown.body.detail).toBe(madeUp.body.detail);
      await t.http().post('/api/v1/auth/challenge').send({ certificate: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----' }).expect(400);
    });

    it('stops a bound token, and refuses new logins, once the certificate is revoked', async () => {
      const { serial, organisationId } = await issueWithKey(DEMO.albionMail);
      const certificate = ws.read('login.pem').toString();
      const token = (await t.http().post('/api/v1/auth/certificate-login').send(await challengeAndSign(certificate)).expect(200)).body.accessToken;
      await t.http().get('/api/v1/me').set(bearer(token)).expect(200);
      await t.http().post(`/api/v1/organisations/${organisationId}/certificates/${serial}/revoke`).set(bearer(await t.login(DEMO.albionMail))).send({ reason: 'keyCompromise' }).expect(200);
      await t.http().get('/api/v1/me').set(bearer(token)).expect(401);
      await t.http().post('/api/v1/auth/certificate-login').send(await challengeAndSign(certificate)).expect(401);
    });

    it('never lets the system account log in with a password', async () => {
      const { organisation } = await me(DEMO.examplegram);
      await t.http().post('/api/v1/auth/login').send({ email: `service+${organisation.id}@exchange.invalid`, password: '!' }).expect(401);
      await t.http().post('/api/v1/auth/login').send({ email: `service+${organisation.id}@exchange.invalid`, password: 'anything-at-all' }).expect(401);
    });
  });
});
