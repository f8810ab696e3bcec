import { webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { sha256 } from './algorithms.js';
import { CadesSigner, addSignatureTimestamp } from './cades.js';
import { parseSignedData } from './cms.js';
import { PkiError } from './errors.js';
import { OID } from './oids.js';
import { OpensslWorkspace, type TestPki, createTestPki } from './testing.js';
import { SignatureVerifier } from './verifier.js';

const workspace = new OpensslWorkspace();
afterAll(() => workspace.remove());
const content = Buffer.from('{"action":"ISSUE","orderId":"0a7c","version":3}\n'.repeat(20));
let p256: TestPki;
let rsa: TestPki;

beforeAll(async () => {
  [p256, rsa] = await Promise.all([createTestPki({ organisationKeySpec: 'P-256' }), createTestPki({ organisationKeySpec: 'RSA-2048' })]);
});

function opensslVerify(pki: TestPki, cms: Buffer, data: Buffer = content): string {
  return workspace.openssl([
    'cms', '-verify', '-binary', '-inform', 'DER',
    '-in', workspace.file('sig.der', cms),
    '-content', workspace.file('data.bin', data),
    '-CAfile', workspace.file('root.pem', pki.pki.root.pem),
    '-out', workspace.file('out.bin'),
  ]);
}

describe('CadesSigner', () => {
  it.each([
    ['P-256', () => p256.organisationSigner, () => p256],
    ['RSA-2048', () => rsa.organisationSigner, () => rsa],
    ['the exchange seal', () => p256.sealSigner, () => p256],
  ])('signs with %s so that stock openssl cms -verify accepts it, B-B and B-T', async (_label, signer, pki) => {
    const bb = await signer().sign(content);
    const bt = await signer().sign(content, { timestamper: pki().tsa });
    expect(opensslVerify(pki(), bb)).toContain('CMS Verification successful');
    expect(opensslVerify(pki(), bt)).toContain('CMS Verification successful');
    expect(workspace.read('out.bin')).toEqual(content);
  });

  it('fails in openssl when the content is changed', async () => {
    const cms = await p256.organisationSigner.sign(content);
    const tampered = Buffer.from(content);
    tampered[3] ^= 1;
    expect(() => opensslVerify(p256, cms, tampered)).toThrow(/CMS Verification failure|digest failure/);
  });

  it('has the CAdES B-B signed attributes and no signing-time; B-T adds the signature timestamp', async () => {
    const printed = workspace.openssl(['cms', '-cmsout', '-print', '-inform', 'DER', '-in', workspace.file('bt.der', await rsa.organisationSigner.sign(content, { timestamper: rsa.tsa }))]);
    expect(printed).toContain('object: contentType (1.2.840.113549.1.9.3)');
    expect(printed).toContain('object: messageDigest (1.2.840.113549.1.9.4)');
    expect(printed).toContain('object: id-smime-aa-signingCertificateV2 (1.2.840.113549.1.9.16.2.47)');
    expect(printed).toContain('object: id-smime-aa-timeStampToken (1.2.840.113549.1.9.16.2.14)');
    expect(printed).not.toContain('signingTime');
    expect(printed).toContain('algorithm: sha256WithRSAEncryption');
    expect(printed).toContain('eContent: <ABSENT>');

    const parsed = parseSignedData(workspace.read('bt.der'));
    expect(parsed.certificates).toHaveLength(2); // the signer and its issuing CA
    expect(parsed.signerInfos[0].signedAttributes.map((attribute) => attribute.type).sort()).toEqual([OID.contentTypeAttr, OID.messageDigestAttr, OID.signingCertificateV2Attr].sort());
  });

  it('timestamps the signature value: openssl ts -verify accepts the embedded token for its SHA-256', async () => {
    const cms = await p256.organisationSigner.sign(content, { timestamper: p256.tsa });
    const signer = parseSignedData(cms).signerInfos[0];
    const token = signer.unsignedAttributes[0].values[0].bytes;
    const output = workspace.openssl([
      'ts', '-verify', '-token_in', '-in', workspace.file('token.der', token),
      '-digest', sha256(signer.signature).toString('hex'),
      '-CAfile', workspace.file('root.pem', p256.pki.root.pem), '-untrusted', workspace.file('issuing.pem', p256.pki.issuing.pem),
    ]);
    expect(output).toContain('Verification: OK');
  });

  it('upgrades a B-B signature to B-T without touching the signed part', async () => {
    const bb = await p256.organisationSigner.sign(content);
    const bt = await addSignatureTimestamp(bb, p256.tsa);
    expect(parseSignedData(bt).signerInfos[0].signature).toEqual(parseSignedData(bb).signerInfos[0].signature);
    expect(opensslVerify(p256, bt)).toContain('CMS Verification successful');
    const report = await new SignatureVerifier({ ...p256.trust, revocation: () => null }).verifyCades(bt, content);
    expect(report.indication).toBe('TOTAL_PASSED');
    expect(report.signingTimeSource).toBe('SIGNATURE_TIMESTAMP');
  });

  it('is verified by pkijs too (an independent CMS implementation on WebCrypto)', async () => {
    const engine = new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as never });
    for (const [pki, signer] of [[p256, p256.organisationSigner], [rsa, rsa.organisationSigner]] as const) {
      const cms = await signer.sign(content);
      const contentInfo = new pkijs.ContentInfo({ schema: asn1js.fromBER(new Uint8Array(cms)).result });
      const signedData = new pkijs.SignedData({ schema: contentInfo.content });
      const root = new pkijs.Certificate({ schema: asn1js.fromBER(new Uint8Array(pki.pki.root.der)).result });
      const result = await signedData.verify({ signer: 0, data: new Uint8Array(content).buffer, trustedCerts: [root], checkChain: true, extendedMode: true }, engine);
      expect(result.signatureVerified).toBe(true);
      const tampered = Buffer.from(content);
      tampered[0] ^= 1;
      await expect(signedData.verify({ signer: 0, data: new Uint8Array(tampered).buffer, trustedCerts: [root], checkChain: true, extendedMode: true }, engine)).rejects.toThrow("Message digest doesn't match");
    }
  });

  it('refuses a key that does not belong to the certificate', async () => {
    await expect(CadesSigner.create(p256.keyStore, p256.pki.seal.keyId, p256.organisationCertificate.der)).rejects.toThrow(PkiError);
    await expect(CadesSigner.create(p256.keyStore, p256.pki.seal.keyId, p256.organisationCertificate.der)).rejects.toMatchObject({ code: 'SIGNER_KEY_MISMATCH' });
  });
});
