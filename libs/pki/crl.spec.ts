import { buildCrl, crlRevocationLookup, parseCrl } from './crl.js';
import { issueCustodialOrganisationCertificate } from './organisation-certificates.js';
import { OpensslWorkspace, createTestPki } from './testing.js';
import { toPem } from './pem.js';

const now = new Date('2026-06-15T10:00:00Z');
const workspace = new OpensslWorkspace();
afterAll(() => workspace.remove());

describe('CRL', () => {
  it('is read by openssl, verifies against the issuing CA, lists every revoked serial with its reason', async () => {
    const { keyStore, pki, organisation, organisationCertificate } = await createTestPki({ now });
    const issuer = { certificate: pki.issuing.der, keyId: pki.issuing.keyId };
    const others = await Promise.all([1, 2, 3].map(() => issueCustodialOrganisationCertificate(keyStore, issuer, organisation, { now })));
    const revoked = [
      { serialNumber: organisationCertificate.serialNumber, revokedAt: new Date('2026-06-16T08:00:00Z'), reason: 'keyCompromise' as const },
      { serialNumber: others[0].serialNumber, revokedAt: new Date('2026-06-16T09:00:00Z'), reason: 'affiliationChanged' as const },
      { serialNumber: others[1].serialNumber, revokedAt: new Date('2026-06-16T10:00:00Z'), reason: 'unspecified' as const },
    ];
    const crl = await buildCrl(keyStore, issuer, { crlNumber: 42, thisUpdate: new Date('2026-06-17T00:00:00Z'), nextUpdate: new Date('2026-06-18T00:00:00Z'), revoked });

    const text = workspace.openssl(['crl', '-inform', 'DER', '-in', workspace.file('crl.der', crl), '-noout', '-text']);
    expect(text).toContain('Version 2 (0x1)');
    expect(text).toContain('Issuer: C = FR, O = Test Exchange, CN = Test Exchange Issuing CA');
    expect(text).toMatch(/X509v3 CRL Number:\s+42/);
    expect(text).toContain('X509v3 Authority Key Identifier');
    expect(text).toContain('Next Update: Jun 18 00:00:00 2026 GMT');
    for (const entry of revoked) expect(text.toLowerCase()).toContain(`serial number: ${entry.serialNumber}`);
    expect(text).toContain('Key Compromise');
    expect(text).toContain('Affiliation Changed');
    expect(text).not.toContain(others[2].serialNumber.toUpperCase());
    expect(workspace.openssl(['crl', '-inform', 'DER', '-in', 'crl.der', '-noout', '-CAfile', workspace.file('issuing.pem', pki.issuing.pem)])).toContain('verify OK');

    // openssl's own path validation with the CRL: the revoked certificate fails, the other passes.
    workspace.openssl(['crl', '-inform', 'DER', '-in', 'crl.der', '-out', 'crl.pem']);
    const verify = (pem: string) =>
      workspace.openssl(['verify', '-attime', String(new Date('2026-06-17T12:00:00Z').getTime() / 1000), '-crl_check', '-CRLfile', 'crl.pem', '-CAfile', workspace.file('root.pem', pki.root.pem), '-untrusted', 'issuing.pem', workspace.file('leaf.pem', pem)]);
    expect(() => verify(organisationCertificate.pem)).toThrow(/certificate revoked/);
    expect(verify(others[2].pem)).toContain('OK');

    const parsed = parseCrl(crl, pki.issuing.der);
    expect(parsed.crlNumber).toBe(42n);
    expect(parsed.revoked.get(organisationCertificate.serialNumber)).toEqual({ revokedAt: new Date('2026-06-16T08:00:00Z'), reason: 'keyCompromise' });
    expect(parsed.revoked.get(others[1].serialNumber)?.reason).toBe('unspecified');
    const lookup = crlRevocationLookup([parsed]);
    expect(lookup({ issuer: pki.issuing.subject, serialNumber: others[0].serialNumber })?.reason).toBe('affiliationChanged');
    expect(lookup({ issuer: pki.issuing.subject, serialNumber: others[2].serialNumber })).toBeNull();
  });

  it('writes an empty CRL without a revokedCertificates list, and refuses one signed by another key', async () => {
    const { keyStore, pki } = await createTestPki({ now });
    const crl = await buildCrl(keyStore, { certificate: pki.issuing.der, keyId: pki.issuing.keyId }, { crlNumber: 1n, thisUpdate: now, nextUpdate: new Date(now.getTime() + 86_400_000), revoked: [] });
    expect(workspace.openssl(['crl', '-inform', 'DER', '-in', workspace.file('empty.der', crl), '-noout', '-text'])).toContain('No Revoked Certificates.');
    expect(parseCrl(crl, toPem('CERTIFICATE', pki.issuing.der)).revoked.size).toBe(0);
    expect(() => parseCrl(crl, pki.root.der)).toThrow('does not verify');
  });
});
