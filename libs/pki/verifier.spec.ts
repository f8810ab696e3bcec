import { sign, webcrypto } from 'node:crypto';
import fc from 'fast-check';
import { sha256 } from './algorithms.js';
import { parseSignedData } from './cms.js';
import { explicit, oid, sequence } from './der.js';
import { OID } from './oids.js';
import { issueOrganisationCertificate } from './organisation-certificates.js';
import { OpensslWorkspace, type TestPki, createTestPki } from './testing.js';
import { type RevocationLookup } from './chain.js';
import { SignatureVerifier, verifyRawSignature } from './verifier.js';
import { x5tS256 } from './x509.js';

const workspace = new OpensslWorkspace();
afterAll(() => workspace.remove());
const content = Buffer.from('{"orderId":"7f1c","action":"ACKNOWLEDGE","version":4}');
let test: TestPki;
let other: TestPki;
const notRevoked: RevocationLookup = () => null;

beforeAll(async () => {
  [test, other] = await Promise.all([createTestPki(), createTestPki()]);
});

describe('SignatureVerifier.verifyCades', () => {
  it('reports a valid B-T signature in the EN 319 102-1 shape', async () => {
    const cms = await test.organisationSigner.sign(content, { timestamper: test.tsa });
    const report = await new SignatureVerifier({ ...test.trust, revocation: notRevoked }).verifyCades(cms, content);
    expect(report).toMatchObject({
      indication: 'TOTAL_PASSED',
      signer: { subject: test.organisationCertificate.subject, serialNumber: test.organisationCertificate.serialNumber, fingerprintSha256: test.organisationCertificate.fingerprintSha256 },
      signingTimeSource: 'SIGNATURE_TIMESTAMP',
      timestamp: { indication: 'TOTAL_PASSED', tsa: { subject: test.pki.tsa.subject } },
      problems: [],
    });
    expect(report.subIndication).toBeUndefined();
    expect(report.signatureValueSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(report.checks.map((check) => [check.name, check.block, check.status])).toEqual([
      ['FORMAT', 'FC', 'PASSED'],
      ['ALGORITHMS', 'SAV', 'PASSED'],
      ['SIGNING_CERTIFICATE', 'ISC', 'PASSED'],
      ['MESSAGE_DIGEST', 'CV', 'PASSED'],
      ['SIGNATURE_VALUE', 'CV', 'PASSED'],
      ['SIGNATURE_TIMESTAMP', 'SAV', 'PASSED'],
      ['CERTIFICATE_CHAIN', 'XCV', 'PASSED'],
      ['CERTIFICATE_VALIDITY', 'XCV', 'PASSED'],
      ['REVOCATION', 'XCV', 'PASSED'],
    ]);
  });

  it('judges a B-B signature at a proof of existence given by other evidence (a timestamp over a record holding it)', async () => {
    const cms = await test.organisationSigner.sign(content);
    const hour = 3_600_000;
    const validationTime = new Date(Date.now() + 2 * hour);
    const revokedAt = new Date(Date.now() + hour);
    const revocation: RevocationLookup = ({ serialNumber }) => (serialNumber === test.organisationCertificate.serialNumber ? { revokedAt, reason: 'keyCompromise' } : null);
    const verifier = new SignatureVerifier({ ...test.trust, revocation });
    // Nothing proves when it was made: the revocation before the validation time makes it indeterminate.
    expect(await verifier.verifyCades(cms, content, { validationTime })).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'REVOKED_NO_POE', signingTimeSource: 'VALIDATION_TIME' });
    // Proven to exist before the revocation: it passes, judged at that time.
    const before = new Date(revokedAt.getTime() - hour / 2);
    expect(await verifier.verifyCades(cms, content, { validationTime, proofOfExistence: before })).toMatchObject({ indication: 'TOTAL_PASSED', signingTime: before.toISOString(), signingTimeSource: 'PROOF_OF_EXISTENCE' });
    // Proven only after it: revoked.
    expect(await verifier.verifyCades(cms, content, { validationTime, proofOfExistence: new Date(revokedAt.getTime() + 1000) })).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'REVOKED' });
  });

  it('answers INDETERMINATE / TRY_LATER when the revocation status is unavailable, and accepts async lookups', async () => {
    const cms = await test.organisationSigner.sign(content);
    const unavailable = new SignatureVerifier({ ...test.trust, revocation: () => Promise.reject(new Error('database down')) });
    expect(await unavailable.verifyCades(cms, content)).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'TRY_LATER' });
    const asynchronous = new SignatureVerifier({ ...test.trust, revocation: async () => null });
    expect((await asynchronous.verifyCades(cms, content)).indication).toBe('TOTAL_PASSED');
  });

  it('does not trust another exchange, even for an otherwise perfect signature', async () => {
    const cms = await other.organisationSigner.sign(content, { timestamper: other.tsa });
    const report = await new SignatureVerifier({ ...test.trust, revocation: notRevoked }).verifyCades(cms, content);
    expect(report).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'SIG_CONSTRAINTS_FAILURE' });
    expect(report.checks.find((check) => check.name === 'CERTIFICATE_CHAIN')?.subIndication).toBe('NO_CERTIFICATE_CHAIN_FOUND');
  });

  it('accepts a signature made with stock openssl -cades by an organisation that keeps its key', async () => {
    workspace.openssl(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'org.key', '-subj', '/O=Org/C=FR', '-out', 'org.csr']);
    const issued = await issueOrganisationCertificate(test.keyStore, { certificate: test.pki.issuing.der, keyId: test.pki.issuing.keyId }, workspace.read('org.csr').toString(), test.organisation);
    workspace.file('org.pem', issued.pem);
    workspace.file('issuing.pem', test.pki.issuing.pem);
    workspace.file('data.bin', content);
    const verifier = new SignatureVerifier({ ...test.trust, revocation: notRevoked });
    workspace.openssl(['cms', '-sign', '-binary', '-cades', '-md', 'sha256', '-outform', 'DER', '-in', 'data.bin', '-signer', 'org.pem', '-inkey', 'org.key', '-certfile', 'issuing.pem', '-out', 'cades.der']);
    expect((await verifier.verifyCades(workspace.read('cades.der'), content)).indication).toBe('TOTAL_PASSED');
    // Without -cades, openssl writes no signing-certificate-v2: not CAdES, the certificate is not bound.
    workspace.openssl(['cms', '-sign', '-binary', '-md', 'sha256', '-outform', 'DER', '-in', 'data.bin', '-signer', 'org.pem', '-inkey', 'org.key', '-out', 'plain.der']);
    expect(await verifier.verifyCades(workspace.read('plain.der'), content)).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'NO_SIGNING_CERTIFICATE_FOUND' });
  });

  it('verifies large content by its SHA-256, and finds a signer certificate the CMS does not carry', async () => {
    const digest = sha256(content);
    const cms = await test.organisationSigner.signDigest(digest);
    const verifier = new SignatureVerifier({ ...test.trust, revocation: notRevoked });
    expect((await verifier.verifyCades(cms, { sha256: digest })).indication).toBe('TOTAL_PASSED');
    expect((await verifier.verifyCades(cms, { sha256: sha256(Buffer.from('other')) })).subIndication).toBe('HASH_FAILURE');

    const parsed = parseSignedData(cms);
    const fields = parsed.signedData.children.filter((child) => child.tag !== 0xa0).map((child) => child.bytes);
    const bare = sequence(oid(OID.signedData), explicit(0, sequence(...fields)));
    expect((await verifier.verifyCades(bare, content)).subIndication).toBe('NO_SIGNING_CERTIFICATE_FOUND');
    expect((await verifier.verifyCades(bare, content, { certificates: [test.organisationCertificate.pem] })).indication).toBe('TOTAL_PASSED');
  });

  it('keeps the readable extra certificates when one cannot be read, and reports the one it dropped', async () => {
    const cms = await test.organisationSigner.sign(content);
    const parsed = parseSignedData(cms);
    const bare = sequence(oid(OID.signedData), explicit(0, sequence(...parsed.signedData.children.filter((child) => child.tag !== 0xa0).map((child) => child.bytes))));
    const verifier = new SignatureVerifier({ ...test.trust, revocation: notRevoked });
    const report = await verifier.verifyCades(bare, content, { certificates: ['-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n', test.organisationCertificate.pem] });
    expect(report.indication).toBe('TOTAL_PASSED');
    expect(report.unreadableCertificates).toEqual([{ index: 0, problem: expect.any(String) }]);
    expect((await verifier.verifyCades(cms, content)).unreadableCertificates).toBeUndefined();
  });

  it('never throws on mutated input, and a change to the signed attributes or the signature never passes', async () => {
    const cms = await test.organisationSigner.sign(content, { timestamper: test.tsa });
    const signer = parseSignedData(cms).signerInfos[0];
    const protectedStart = signer.node.start;
    const protectedEnd = signer.node.children.find((child) => child.tag === 0xa1)!.start; // up to the unsigned attributes
    const verifier = new SignatureVerifier({ ...test.trust, revocation: notRevoked });
    await fc.assert(
      fc.asyncProperty(fc.nat(cms.length - 1), fc.integer({ min: 1, max: 255 }), async (position, mask) => {
        const mutated = Buffer.from(cms);
        mutated[position] ^= mask;
        const report = await verifier.verifyCades(mutated, content);
        if (position >= protectedStart && position < protectedEnd) expect(report.indication).not.toBe('TOTAL_PASSED');
      }),
      { numRuns: 400 },
    );
  });
});

describe('SignatureVerifier.validateCertificate (certificate login)', () => {
  it('passes a valid organisation certificate and fails a revoked, an expired or a foreign one', async () => {
    const certificate = test.organisationCertificate;
    const verifier = new SignatureVerifier({ ...test.trust, revocation: notRevoked });
    expect(await verifier.validateCertificate(certificate.pem)).toMatchObject({ indication: 'TOTAL_PASSED', certificate: { serialNumber: certificate.serialNumber } });
    const revokedLookup: RevocationLookup = ({ serialNumber }) => (serialNumber === certificate.serialNumber ? { revokedAt: new Date(Date.now() - 1000), reason: 'keyCompromise' } : null);
    const revoked = new SignatureVerifier({ ...test.trust, revocation: revokedLookup });
    expect(await revoked.validateCertificate(certificate.der)).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'REVOKED' });
    expect(await verifier.validateCertificate(certificate.der, { at: new Date(certificate.notAfter.getTime() + 1000) })).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'EXPIRED' });
    expect(await verifier.validateCertificate(other.organisationCertificate.der)).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'NO_CERTIFICATE_CHAIN_FOUND' });
    expect(await verifier.validateCertificate(Buffer.from('garbage'))).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'FORMAT_FAILURE' });
    const down = new SignatureVerifier({ ...test.trust, revocation: () => { throw new Error('down'); } });
    expect(await down.validateCertificate(certificate.der)).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'TRY_LATER' });
  });

  it('refuses certificates not meant to authenticate: the TSA certificate and the CAs', async () => {
    const verifier = new SignatureVerifier({ ...test.trust, revocation: notRevoked });
    expect(await verifier.validateCertificate(test.pki.tsa.der)).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'CHAIN_CONSTRAINTS_FAILURE' });
    expect(await verifier.validateCertificate(test.pki.issuing.der)).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'CHAIN_CONSTRAINTS_FAILURE' });
  });
});

describe('verifyRawSignature and x5t#S256', () => {
  const nonce = Buffer.from('4f1c2d9e0b7a6c5d4e3f2a1b0c9d8e7f', 'hex');

  it('verifies ECDSA (DER and WebCrypto r||s) and RSA PKCS#1 v1.5 signatures over the nonce', async () => {
    const certificate = test.organisationCertificate.pem;
    const der = await test.keyStore.sign(test.organisationCertificate.keyId, nonce);
    expect(verifyRawSignature(certificate, nonce, der.toString('base64'))).toBe(true);
    expect(verifyRawSignature(certificate, nonce, der.toString('base64url'))).toBe(true);
    expect(verifyRawSignature(certificate, Buffer.from('other nonce'), der.toString('base64'))).toBe(false);
    expect(verifyRawSignature(test.pki.seal.der, nonce, der.toString('base64'))).toBe(false);
    expect(verifyRawSignature(certificate, nonce, 'not base64!')).toBe(false);
    expect(verifyRawSignature('not a certificate', nonce, der.toString('base64'))).toBe(false);

    // A browser signs with WebCrypto, which returns the raw 64-byte r||s form.
    const pair = (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
    workspace.openssl(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'rsa.key', '-subj', '/O=R', '-out', 'rsa.csr']);
    const spki = Buffer.from(await webcrypto.subtle.exportKey('spki', pair.publicKey));
    const { issueCertificate, PROFILES } = await import('./certificates.js');
    const browserCertificate = await issueCertificate(test.keyStore, {
      subject: [{ type: 'O', value: 'Browser' }],
      publicKey: spki,
      issuer: { certificate: test.pki.issuing.der, keyId: test.pki.issuing.keyId },
      profile: PROFILES.organisation,
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 86_400_000),
    });
    const raw = Buffer.from(await webcrypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, pair.privateKey, nonce));
    expect(raw).toHaveLength(64);
    expect(verifyRawSignature(browserCertificate.der, nonce, raw.toString('base64'))).toBe(true);

    const rsaIssued = await issueOrganisationCertificate(test.keyStore, { certificate: test.pki.issuing.der, keyId: test.pki.issuing.keyId }, workspace.read('rsa.csr').toString(), test.organisation);
    workspace.file('nonce.bin', nonce);
    workspace.openssl(['dgst', '-sha256', '-sign', 'rsa.key', '-out', 'nonce.sig', 'nonce.bin']);
    expect(verifyRawSignature(rsaIssued.pem, nonce, workspace.read('nonce.sig').toString('base64'))).toBe(true);
    expect(verifyRawSignature(rsaIssued.pem, nonce, sign('sha256', nonce, { key: workspace.read('rsa.key'), format: 'pem' }).toString('base64'))).toBe(true);
  });

  it('computes x5t#S256 as the base64url SHA-256 of the DER, as openssl does', () => {
    const fingerprint = workspace.openssl(['x509', '-in', workspace.file('org.pem', test.organisationCertificate.pem), '-noout', '-fingerprint', '-sha256']);
    const hex = /=([0-9A-F:]+)/.exec(fingerprint)![1].replace(/:/g, '');
    expect(x5tS256(test.organisationCertificate.pem)).toBe(Buffer.from(hex, 'hex').toString('base64url'));
    expect(x5tS256(test.organisationCertificate.der)).not.toMatch(/[=+/]/);
  });
});
