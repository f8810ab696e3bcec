import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { PROFILES, issueCertificate, yearsAfter } from './certificates.js';
import { parseCsr } from './csr.js';
import { PkiError } from './errors.js';
import { createExchangePki } from './exchange-pki.js';
import { issueCustodialOrganisationCertificate, issueOrganisationCertificate } from './organisation-certificates.js';
import { InMemoryKeyRecordStore, SoftwareKeyStore } from './software-key-store.js';
import { OpensslWorkspace } from './testing.js';
import { parseCertificate } from './x509.js';

const now = new Date('2026-06-15T10:00:00Z');
const organisation = { id: '0d1f3b8e-2a4c-4e6f-8a0b-1c2d3e4f5a6b', name: 'Acme Legal GmbH', country: 'DE' };
const keyStore = new SoftwareKeyStore(SoftwareKeyStore.generateKek(), new InMemoryKeyRecordStore());
const pkiPromise = createExchangePki(keyStore, { name: 'Evidence Exchange', country: 'FR', now, crlUrl: 'https://exchange.example/api/v1/pki/crl' });
const workspace = new OpensslWorkspace();
afterAll(() => workspace.remove());

function errorCode(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return error instanceof PkiError ? error.code : `not a PkiError: ${String(error)}`;
  }
  return undefined;
}

async function asyncErrorCode(action: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await action();
  } catch (error) {
    return error instanceof PkiError ? error.code : `not a PkiError: ${String(error)}`;
  }
  return undefined;
}

describe('the exchange PKI', () => {
  it('chains to the root in openssl, each certificate fit for its purpose', async () => {
    const pki = await pkiPromise;
    const root = workspace.file('root.pem', pki.root.pem);
    const issuing = workspace.file('issuing.pem', pki.issuing.pem);
    const seal = workspace.file('seal.pem', pki.seal.pem);
    const tsa = workspace.file('tsa.pem', pki.tsa.pem);
    const attime = String(now.getTime() / 1000 + 3600);
    expect(workspace.openssl(['verify', '-attime', attime, '-CAfile', root, '-untrusted', issuing, seal, tsa])).toContain('tsa.pem: OK');
    expect(workspace.openssl(['verify', '-attime', attime, '-purpose', 'timestampsign', '-CAfile', root, '-untrusted', issuing, tsa])).toContain('OK');
    expect(workspace.openssl(['verify', '-attime', attime, '-purpose', 'smimesign', '-CAfile', root, '-untrusted', issuing, seal])).toContain('OK');
    // The TSA certificate is not a signing certificate for documents, nor the seal a TSA.
    expect(() => workspace.openssl(['verify', '-attime', attime, '-purpose', 'timestampsign', '-CAfile', root, '-untrusted', issuing, seal])).toThrow();
  });

  it('gives each role its key usages, basic constraints and validity', async () => {
    const pki = await pkiPromise;
    const [root, issuing, seal, tsa] = [pki.root, pki.issuing, pki.seal, pki.tsa].map((member) => parseCertificate(member.der));
    expect(root.basicConstraints).toEqual({ ca: true });
    expect([...root.keyUsage!]).toEqual(['keyCertSign', 'cRLSign']);
    expect(issuing.basicConstraints).toEqual({ ca: true, pathLength: 0 });
    expect([...issuing.keyUsage!]).toEqual(['keyCertSign', 'cRLSign']);
    expect(seal.basicConstraints).toEqual({ ca: false });
    expect([...seal.keyUsage!]).toEqual(['digitalSignature', 'nonRepudiation']);
    expect(seal.extendedKeyUsage).toBeUndefined();
    expect([...tsa.keyUsage!]).toEqual(['digitalSignature']);
    expect(tsa.extendedKeyUsage).toEqual({ purposes: ['1.3.6.1.5.5.7.3.8'], critical: true });
    for (const certificate of [root, issuing, seal, tsa]) {
      for (const oid of ['2.5.29.19', '2.5.29.15']) expect(certificate.extensions.find((extension) => extension.oid === oid)?.critical).toBe(true);
      expect(certificate.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
      expect(certificate.signatureAlgorithm.oid).toBe('1.2.840.10045.4.3.2');
      expect(certificate.notBefore.toISOString()).toBe('2026-06-15T09:59:00.000Z');
    }
    const yearsOf = (certificate: typeof root) => certificate.notAfter.getUTCFullYear() - certificate.notBefore.getUTCFullYear();
    expect([root, issuing, seal, tsa].map(yearsOf)).toEqual([20, 10, 5, 5]);
  });

  it('sets key identifiers: the AKI is the issuer SKI', async () => {
    const pki = await pkiPromise;
    const [root, issuing, seal, tsa] = [pki.root, pki.issuing, pki.seal, pki.tsa].map((member) => parseCertificate(member.der));
    expect(root.authorityKeyIdentifier).toEqual(root.subjectKeyIdentifier);
    expect(issuing.authorityKeyIdentifier).toEqual(root.subjectKeyIdentifier);
    expect(seal.authorityKeyIdentifier).toEqual(issuing.subjectKeyIdentifier);
    expect(tsa.authorityKeyIdentifier).toEqual(issuing.subjectKeyIdentifier);
    const text = workspace.openssl(['x509', '-in', workspace.file('seal.pem', pki.seal.pem), '-noout', '-text']);
    expect(text).toContain('X509v3 CRL Distribution Points');
    expect(text).toContain('URI:https://exchange.example/api/v1/pki/crl');
  });

  it('uses random positive 16-byte serials', async () => {
    const pki = await pkiPromise;
    const serials = [pki.root, pki.issuing, pki.seal, pki.tsa].map((member) => member.serialNumber);
    expect(new Set(serials).size).toBe(4);
    for (const serial of serials) expect(serial).toMatch(/^[4-7][0-9a-f]{31}$/);
  });

  it('is read the same by pkijs, an independent parser', async () => {
    const pki = await pkiPromise;
    for (const member of [pki.root, pki.issuing, pki.seal, pki.tsa]) {
      const certificate = new pkijs.Certificate({ schema: asn1js.fromBER(new Uint8Array(member.der)).result });
      expect(Buffer.from(certificate.serialNumber.valueBlock.valueHexView).toString('hex')).toBe(member.serialNumber);
      expect(certificate.extensions?.length).toBeGreaterThanOrEqual(4);
    }
  });
});

describe('organisation certificates', () => {
  const issuer = async () => {
    const pki = await pkiPromise;
    return { certificate: pki.issuing.der, keyId: pki.issuing.keyId };
  };

  it.each([
    ['ECDSA P-256', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']],
    ['RSA-2048', ['-newkey', 'rsa:2048']],
  ])('issues from an openssl-made %s CSR, with the subject taken from the organisation record', async (_label, keyArgs) => {
    const pki = await pkiPromise;
    const name = keyArgs[1].replace(/\W/g, '');
    workspace.openssl(['req', '-new', ...keyArgs, '-nodes', '-keyout', `${name}.key`, '-subj', '/O=Not The Name We Use/C=US', '-out', `${name}.csr`]);
    const issued = await issueOrganisationCertificate(keyStore, await issuer(), workspace.read(`${name}.csr`).toString(), organisation, { now });
    const certificate = parseCertificate(issued.der);
    expect(certificate.subject).toBe(`CN=Acme Legal GmbH,organizationIdentifier=EVX-${organisation.id},O=Acme Legal GmbH,C=DE`);
    expect(issued.notAfter.getUTCFullYear() - issued.notBefore.getUTCFullYear()).toBe(2);
    const pem = workspace.file(`${name}.pem`, issued.pem);
    const chainOk = workspace.openssl(['verify', '-attime', String(now.getTime() / 1000), '-CAfile', workspace.file('root.pem', pki.root.pem), '-untrusted', workspace.file('issuing.pem', pki.issuing.pem), pem]);
    expect(chainOk).toContain('OK');
    // The certificate carries the CSR's key, so the organisation's own key signs for it.
    expect(workspace.openssl(['x509', '-in', pem, '-noout', '-pubkey'])).toBe(workspace.openssl(['req', '-in', `${name}.csr`, '-noout', '-pubkey']));
    expect(workspace.openssl(['x509', '-in', pem, '-noout', '-ext', 'subjectAltName'])).toContain(`URI:urn:uuid:${organisation.id}`);
  });

  it('refuses CSR keys other than RSA 2048+ and P-256, and CSRs that do not verify', async () => {
    workspace.openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384', '-nodes', '-keyout', 'p384.key', '-subj', '/O=X', '-out', 'p384.csr']);
    workspace.openssl(['req', '-new', '-newkey', 'rsa:1024', '-nodes', '-keyout', 'rsa1024.key', '-subj', '/O=X', '-out', 'rsa1024.csr']);
    workspace.openssl(['req', '-new', '-newkey', 'ed25519', '-nodes', '-keyout', 'ed.key', '-subj', '/O=X', '-out', 'ed.csr']);
    workspace.openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ok.key', '-subj', '/O=Original', '-out', 'ok.csr', '-outform', 'DER']);
    expect(errorCode(() => parseCsr(workspace.read('p384.csr').toString()))).toBe('CSR_KEY_UNSUPPORTED');
    expect(errorCode(() => parseCsr(workspace.read('rsa1024.csr').toString()))).toBe('CSR_KEY_UNSUPPORTED');
    expect(errorCode(() => parseCsr(workspace.read('ed.csr').toString()))).toBe('CSR_KEY_UNSUPPORTED');
    const der = workspace.read('ok.csr');
    expect(parseCsr(der).keyDescription).toBe('P-256');
    const tampered = Buffer.from(der);
    tampered[der.indexOf(Buffer.from('Original')) + 1] ^= 0x20; // "ORiginal": the self-signature no longer matches
    expect(errorCode(() => parseCsr(tampered))).toBe('CSR_INVALID');
    expect(errorCode(() => parseCsr('-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n'))).toBe('CSR_INVALID');
    expect(errorCode(() => parseCsr('not a csr'))).toBe('CSR_INVALID');
    expect(await asyncErrorCode(async () => issueOrganisationCertificate(keyStore, await issuer(), der, { ...organisation, country: 'Germany' }, { now }))).toBe('CERTIFICATE_INVALID');
  });

  it('issues custodially: the key is generated in the key store and signs for the certificate', async () => {
    const issued = await issueCustodialOrganisationCertificate(keyStore, await issuer(), organisation, { now });
    const certificate = parseCertificate(issued.der);
    expect((await keyStore.publicKey(issued.keyId)).export({ type: 'spki', format: 'der' })).toEqual(certificate.spki);
    expect(certificate.issuer).toBe('CN=Evidence Exchange Issuing CA,O=Evidence Exchange,C=FR');
  });

  it('refuses to issue from a non-CA certificate or with a key that is not the issuer key', async () => {
    const pki = await pkiPromise;
    const subject = [{ type: 'O' as const, value: 'X' }];
    const key = await keyStore.generate('subject', 'P-256');
    const input = { subject, publicKey: key.publicKeySpki, profile: PROFILES.organisation, notBefore: now, notAfter: yearsAfter(now, 1) };
    expect(await asyncErrorCode(() => issueCertificate(keyStore, { ...input, issuer: { certificate: pki.seal.der, keyId: pki.seal.keyId } }))).toBe('CERTIFICATE_INVALID');
    expect(await asyncErrorCode(() => issueCertificate(keyStore, { ...input, issuer: { certificate: pki.issuing.der, keyId: pki.root.keyId } }))).toBe('SIGNER_KEY_MISMATCH');
  });

  it('never lets a certificate outlive its issuer', () => {
    expect(yearsAfter(new Date('2030-01-01T00:00:00Z'), 2, new Date('2031-01-01T00:00:00Z')).toISOString()).toBe('2031-01-01T00:00:00.000Z');
    expect(yearsAfter(new Date('2030-01-01T00:00:00Z'), 2).toISOString()).toBe('2032-01-01T00:00:00.000Z');
  });
});
