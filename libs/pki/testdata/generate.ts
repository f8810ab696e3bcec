/**
 * Generates the frozen signature corpus in this folder: a test PKI (every key TEST-ONLY), one
 * CAdES file per case and `manifest.json` with the expected ETSI indication of each. It was run
 * once and its output committed; the spec only reads the files. To regenerate (new keys, new
 * files, same expectations), from the repository root:
 *
 *   npm run build && node dist/libs/pki/testdata/generate.js libs/pki/testdata
 *
 * All times are fixed (the PKI starts 2026-01-01, timestamps say 2026-03-01T12:00:00Z, the
 * spec validates at 2026-07-01T00:00:00Z), so nothing here drifts with the calendar.
 */
import { execFileSync } from 'node:child_process';
import { type KeyObject, createHash, generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type HashName, signatureAlgorithmFor } from '../algorithms.js';
import { PROFILES, type CertificateProfile, keyIdentifier, randomSerial, signCertificate, spkiOf } from '../certificates.js';
import { attribute, contentTypeAttribute, issuerAndSerialNumber, messageDigestAttribute, parseSignedData, signedData, signerInfo, signingCertificateV2Attribute } from '../cms.js';
import { algorithmIdentifier, explicit, integer, octetString, oid, sequence, setOf, tlv } from '../der.js';
import { type NameAttribute, encodeName } from '../names.js';
import { EVX_TSA_POLICY_OID, OID } from '../oids.js';
import { toPem } from '../pem.js';
import { InMemoryKeyRecordStore, SoftwareKeyStore } from '../software-key-store.js';
import { encodeTstInfo } from '../timestamp-authority.js';
import { type ParsedCertificate, parseCertificate } from '../x509.js';

const OUT = resolve(process.argv[2] ?? 'libs/pki/testdata');
const T0 = new Date('2026-01-01T00:00:00Z');
const SIGNED_AT = new Date('2026-03-01T12:00:00Z');
const VALIDATION_TIME = '2026-07-01T00:00:00Z';
const years = (from: Date, n: number) => new Date(Date.UTC(from.getUTCFullYear() + n, from.getUTCMonth(), from.getUTCDate()));

const keyStore = new SoftwareKeyStore(SoftwareKeyStore.generateKek(), new InMemoryKeyRecordStore());

interface Member {
  name: string;
  keyId: string;
  certificate: ParsedCertificate;
}

interface Case {
  name: string;
  description: string;
  /** `cases/<name>.p7s` */
  cms: string;
  content: string;
  revocations: { issuer: string; serialNumber: string; revokedAt: string; reason: string }[];
  expected: { indication: string; subIndication?: string; timestamp?: { indication: string; subIndication?: string } };
  /** Positive controls must pass; every other case must not. */
  control: boolean;
}
const cases: Case[] = [];

async function main(): Promise<void> {
  rmSync(join(OUT, 'cases'), { recursive: true, force: true });
  mkdirSync(join(OUT, 'cases'), { recursive: true });
  mkdirSync(join(OUT, 'pki'), { recursive: true });

  // ------------------------------------------------------------ the test PKI
  const exchange = (cn: string): NameAttribute[] => [{ type: 'C', value: 'FR' }, { type: 'O', value: 'Corpus Test Exchange' }, { type: 'CN', value: cn }];
  const organisation = (cn: string): NameAttribute[] => [{ type: 'C', value: 'IE' }, { type: 'O', value: cn }, { type: 'CN', value: cn }];

  const root = await selfSigned('root', exchange('Corpus Test Root CA'));
  const issuing = await issued('issuing', exchange('Corpus Test Issuing CA'), root, PROFILES.issuingCa, T0, years(T0, 10));
  const tsa = await issued('tsa', exchange('Corpus Test TSA'), issuing, PROFILES.timestamping, T0, years(T0, 5));
  const seal = await issued('seal', exchange('Corpus Test Seal'), issuing, PROFILES.seal, T0, years(T0, 5));
  const orgP256 = await issued('org-p256', organisation('Corpus Provider P-256'), issuing, PROFILES.organisation, T0, years(T0, 2));
  const orgRsa = await issued('org-rsa2048', organisation('Corpus Provider RSA'), issuing, PROFILES.organisation, T0, years(T0, 2), 'rsa');
  const expired = await issued('org-expired', organisation('Corpus Expired'), issuing, PROFILES.organisation, T0, new Date('2026-02-01T00:00:00Z'));
  const notYetAtStamp = await issued('org-from-april', organisation('Corpus From April'), issuing, PROFILES.organisation, new Date('2026-04-01T00:00:00Z'), years(T0, 2));
  const notYetAtValidation = await issued('org-from-september', organisation('Corpus From September'), issuing, PROFILES.organisation, new Date('2026-09-01T00:00:00Z'), years(T0, 2));
  const revokedEarly = await issued('org-revoked-february', organisation('Corpus Revoked February'), issuing, PROFILES.organisation, T0, years(T0, 2));
  const revokedLate = await issued('org-revoked-april', organisation('Corpus Revoked April'), issuing, PROFILES.organisation, T0, years(T0, 2));
  const wrongUsage = await issued('org-key-encipherment', organisation('Corpus Key Encipherment Only'), issuing, { keyUsage: ['keyEncipherment'] }, T0, years(T0, 2));
  const unknownCritical = await issued('org-unknown-critical', organisation('Corpus Unknown Critical'), issuing, {
    ...PROFILES.organisation,
    extraExtensions: [{ oid: '1.3.6.1.4.1.55555.1', critical: true, value: sequence() }],
  }, T0, years(T0, 2));
  const tsaWithoutEku = await issued('tsa-without-eku', exchange('Corpus TSA Without EKU'), issuing, { keyUsage: ['digitalSignature'] }, T0, years(T0, 5));
  const nonCa = await issued('non-ca', exchange('Corpus Not A CA'), issuing, PROFILES.organisation, T0, years(T0, 2));
  const underNonCa = await issued('org-under-non-ca', organisation('Corpus Under Non-CA'), nonCa, PROFILES.organisation, T0, years(T0, 2), 'ec', true);
  const otherRoot = await selfSigned('other-root', [{ type: 'C', value: 'FR' }, { type: 'O', value: 'Unknown CA' }, { type: 'CN', value: 'Unknown Root CA' }]);
  const otherOrg = await issued('other-org', organisation('Corpus Foreign Org'), otherRoot, PROFILES.organisation, T0, years(T0, 2));
  const otherTsa = await issued('other-tsa', exchange('Corpus Foreign TSA'), otherRoot, PROFILES.timestamping, T0, years(T0, 5));
  const selfSignedOrg = await selfSigned('self-signed-org', organisation('Corpus Self-Signed'), PROFILES.organisation);
  const stranger = await key('stranger');

  writeFileSync(join(OUT, 'pki', 'ca-chain.pem'), toPem('CERTIFICATE', root.certificate.der) + toPem('CERTIFICATE', issuing.certificate.der));

  // ------------------------------------------------------------ content
  const content = Buffer.from(`${'Corpus content: a workflow step in RFC 8785 form would be here. '.repeat(16)}`.slice(0, 1024), 'utf8');
  const tampered = Buffer.from(content);
  tampered[100] ^= 0x01;
  writeFileSync(join(OUT, 'content.bin'), content);
  writeFileSync(join(OUT, 'content-tampered.bin'), tampered);

  const stamp = (tsaMember: Member = tsa, overrides: { imprint?: (signature: Buffer) => Buffer; flipSignature?: boolean } = {}) => async (signature: Buffer) =>
    timestampToken(tsaMember, (overrides.imprint ?? sha256)(signature), overrides.flipSignature ?? false);

  // ------------------------------------------------------------ positive controls
  const validBb = await cades({ signer: orgP256, content });
  add('valid-p256-bb', 'CAdES-B-B by a P-256 organisation certificate', validBb, { indication: 'TOTAL_PASSED' }, { control: true });
  const validBt = await cades({ signer: orgP256, content, timestamp: stamp() });
  add('valid-p256-bt', 'CAdES-B-T by a P-256 organisation certificate', validBt, { indication: 'TOTAL_PASSED' }, { control: true });
  add('valid-rsa2048-bb', 'CAdES-B-B by an RSA-2048 organisation certificate', await cades({ signer: orgRsa, content }), { indication: 'TOTAL_PASSED' }, { control: true });
  add('valid-seal-bt', "CAdES-B-T by the exchange's sealing certificate", await cades({ signer: seal, content, timestamp: stamp() }), { indication: 'TOTAL_PASSED' }, { control: true });
  const opensslMade = opensslCades(orgP256, issuing, content);
  add('openssl-cades-p256', 'made by stock `openssl cms -sign -cades` (signing-time, S/MIME capabilities and signing-certificate-v2 attributes)', opensslMade, { indication: 'TOTAL_PASSED' }, { control: true });
  add('revoked-after-timestamp', 'revoked on 2026-04-01, after a timestamp of 2026-03-01 proves the signature existed: still valid (EN 319 102-1)', await cades({ signer: revokedLate, content, timestamp: stamp() }), { indication: 'TOTAL_PASSED' }, {
    control: true,
    revocations: [revocation(revokedLate, '2026-04-01T00:00:00Z', 'affiliationChanged')],
  });

  // ------------------------------------------------------------ integrity
  add('content-flipped-byte', 'valid-p256-bb checked against content with one bit changed', validBb, { indication: 'TOTAL_FAILED', subIndication: 'HASH_FAILURE' }, { content: 'content-tampered.bin' });
  add('signed-attribute-flipped-message-digest', 'one bit of the signed message-digest value changed', flipAfter(validBb, sha256(content), 5), { indication: 'TOTAL_FAILED', subIndication: 'HASH_FAILURE' });
  add('signed-attribute-flipped-signing-time', 'the openssl-made signature with one digit of its signed signing-time changed', flipSigningTime(opensslMade), { indication: 'TOTAL_FAILED', subIndication: 'SIG_CRYPTO_FAILURE' });
  add('signed-attribute-flipped-certificate-hash', 'one bit of the certificate hash in signing-certificate-v2 changed', flipAfter(validBb, sha256(orgP256.certificate.der), 3), { indication: 'INDETERMINATE', subIndication: 'NO_SIGNING_CERTIFICATE_FOUND' });
  add('signature-flipped-byte', 'one bit of the signature value changed', flipSignatureValue(validBb), { indication: 'TOTAL_FAILED', subIndication: 'SIG_CRYPTO_FAILURE' });
  add('signature-by-different-key', 'signed by a key that is not the certificate key', await cades({ signer: orgP256, content, signingKeyId: stranger }), { indication: 'TOTAL_FAILED', subIndication: 'SIG_CRYPTO_FAILURE' });
  add('digest-algorithm-mismatch', 'SignerInfo says SHA-512 (and ecdsa-with-SHA512) but the message-digest holds a SHA-256', await cades({ signer: orgP256, content, digestAlgorithm: OID.sha512, signatureHash: 'sha512' }), { indication: 'TOTAL_FAILED', subIndication: 'HASH_FAILURE' });

  // ------------------------------------------------------------ format
  add('truncated-der', 'valid-p256-bb cut 40 bytes short', validBb.subarray(0, validBb.length - 40), { indication: 'TOTAL_FAILED', subIndication: 'FORMAT_FAILURE' });
  add('trailing-garbage', 'valid-p256-bb followed by extra bytes', Buffer.concat([validBb, Buffer.from('0000', 'hex')]), { indication: 'TOTAL_FAILED', subIndication: 'FORMAT_FAILURE' });
  add('not-der', 'random bytes', createHash('sha512').update('not a signature').digest(), { indication: 'TOTAL_FAILED', subIndication: 'FORMAT_FAILURE' });
  add('wrong-content-type', 'the ContentInfo says envelopedData', replaceOnce(validBb, oid(OID.signedData), oid(OID.envelopedData)), { indication: 'TOTAL_FAILED', subIndication: 'FORMAT_FAILURE' });
  add('content-type-attribute-mismatch', 'the signed content-type attribute says id-ct-TSTInfo while the content is id-data', await cades({ signer: orgP256, content, attributes: (d) => [contentTypeAttribute(OID.tstInfo), d.messageDigest, d.signingCertificate] }), { indication: 'TOTAL_FAILED', subIndication: 'FORMAT_FAILURE' });
  add('message-digest-attribute-missing', 'no message-digest signed attribute', await cades({ signer: orgP256, content, attributes: (d) => [d.contentType, d.signingCertificate] }), { indication: 'TOTAL_FAILED', subIndication: 'FORMAT_FAILURE' });
  add('signed-attributes-missing', 'a SignerInfo without signed attributes (plain PKCS#7 style)', await cadesWithoutSignedAttributes(orgP256, issuing, content), { indication: 'TOTAL_FAILED', subIndication: 'FORMAT_FAILURE' });
  add('two-signer-infos', 'two SignerInfos (this profile has exactly one)', duplicateSignerInfo(validBb), { indication: 'TOTAL_FAILED', subIndication: 'FORMAT_FAILURE' });
  add('attached-content', 'the content is encapsulated, not detached', await cades({ signer: orgP256, content, attach: true }), { indication: 'TOTAL_FAILED', subIndication: 'FORMAT_FAILURE' });
  add('digest-algorithm-sha1', 'SHA-1 digest and signature (not accepted)', await cades({ signer: orgP256, content, digestAlgorithm: OID.sha1, messageDigest: createHash('sha1').update(content).digest(), signatureAlgorithm: algorithmIdentifier('1.2.840.10045.4.1'), signatureHash: 'sha1' }), { indication: 'INDETERMINATE', subIndication: 'CRYPTO_CONSTRAINTS_FAILURE' });
  add('signature-algorithm-inconsistent', 'ecdsa-with-SHA384 declared over a SHA-256 digest algorithm', await cades({ signer: orgP256, content, signatureAlgorithm: algorithmIdentifier(OID.ecdsaWithSha384) }), { indication: 'INDETERMINATE', subIndication: 'CRYPTO_CONSTRAINTS_FAILURE' });

  // ------------------------------------------------------------ signing certificate identification
  add('signing-certificate-attribute-wrong-certificate', 'signing-certificate-v2 names the seal certificate, not the signer (substitution)', await cades({ signer: orgP256, content, attributes: (d) => [d.contentType, d.messageDigest, signingCertificateV2Attribute(seal.certificate)] }), { indication: 'INDETERMINATE', subIndication: 'NO_SIGNING_CERTIFICATE_FOUND' });
  add('signing-certificate-attribute-missing', 'no signing-certificate-v2 attribute (not CAdES)', await cades({ signer: orgP256, content, attributes: (d) => [d.contentType, d.messageDigest] }), { indication: 'INDETERMINATE', subIndication: 'NO_SIGNING_CERTIFICATE_FOUND' });
  add('signer-certificate-missing', 'the CMS carries no certificates', await cades({ signer: orgP256, content, certificates: [] }), { indication: 'INDETERMINATE', subIndication: 'NO_SIGNING_CERTIFICATE_FOUND' });

  // ------------------------------------------------------------ time and revocation
  add('expired-at-timestamp', 'certificate expired 2026-02-01; the timestamp proves signing on 2026-03-01', await cades({ signer: expired, content, timestamp: stamp() }), { indication: 'TOTAL_FAILED', subIndication: 'EXPIRED' });
  add('expired-no-timestamp', 'certificate expired 2026-02-01; no timestamp, so nothing proves it was used in time', await cades({ signer: expired, content }), { indication: 'INDETERMINATE', subIndication: 'OUT_OF_BOUNDS_NO_POE' });
  add('not-yet-valid-at-timestamp', 'certificate valid from 2026-04-01; the timestamp says 2026-03-01', await cades({ signer: notYetAtStamp, content, timestamp: stamp() }), { indication: 'TOTAL_FAILED', subIndication: 'NOT_YET_VALID' });
  add('not-yet-valid-no-timestamp', 'certificate valid from 2026-09-01, after the validation time', await cades({ signer: notYetAtValidation, content }), { indication: 'TOTAL_FAILED', subIndication: 'NOT_YET_VALID' });
  add('revoked-before-timestamp', 'revoked 2026-02-15, timestamp 2026-03-01', await cades({ signer: revokedEarly, content, timestamp: stamp() }), { indication: 'TOTAL_FAILED', subIndication: 'REVOKED' }, {
    revocations: [revocation(revokedEarly, '2026-02-15T00:00:00Z', 'keyCompromise')],
  });
  add('revoked-no-timestamp', 'revoked 2026-04-01, no timestamp: nothing proves the signature came first', await cades({ signer: revokedLate, content }), { indication: 'INDETERMINATE', subIndication: 'REVOKED_NO_POE' }, {
    revocations: [revocation(revokedLate, '2026-04-01T00:00:00Z', 'keyCompromise')],
  });
  add('revoked-issuing-ca-no-timestamp', 'the issuing CA itself is revoked, no timestamp', await cades({ signer: orgP256, content }), { indication: 'INDETERMINATE', subIndication: 'REVOKED_CA_NO_POE' }, {
    revocations: [revocation(issuing, '2026-05-01T00:00:00Z', 'cACompromise')],
  });

  // ------------------------------------------------------------ chain
  add('unknown-ca', 'signer certificate from a CA outside the trust list', await cades({ signer: otherOrg, content, chain: [otherRoot] }), { indication: 'INDETERMINATE', subIndication: 'NO_CERTIFICATE_CHAIN_FOUND' });
  add('self-signed-signer', 'a self-signed signer certificate', await cades({ signer: selfSignedOrg, content, chain: [] }), { indication: 'INDETERMINATE', subIndication: 'NO_CERTIFICATE_CHAIN_FOUND' });
  add('non-ca-intermediate', 'signer certificate issued by an end-entity certificate (basicConstraints cA false)', await cades({ signer: underNonCa, content, chain: [nonCa, issuing] }), { indication: 'INDETERMINATE', subIndication: 'CHAIN_CONSTRAINTS_FAILURE' });
  add('wrong-key-usage', 'signer certificate whose key usage is keyEncipherment only', await cades({ signer: wrongUsage, content }), { indication: 'INDETERMINATE', subIndication: 'CHAIN_CONSTRAINTS_FAILURE' });
  add('unknown-critical-extension', 'signer certificate with an unknown critical extension', await cades({ signer: unknownCritical, content }), { indication: 'INDETERMINATE', subIndication: 'CHAIN_CONSTRAINTS_FAILURE' });

  // ------------------------------------------------------------ timestamps
  const badStamp = (sub: { indication: string; subIndication?: string }) => ({ indication: 'INDETERMINATE', subIndication: 'SIG_CONSTRAINTS_FAILURE', timestamp: sub });
  add('tsa-without-timestamping-eku', 'timestamp signed by a certificate without the id-kp-timeStamping EKU', await cades({ signer: orgP256, content, timestamp: stamp(tsaWithoutEku) }), badStamp({ indication: 'INDETERMINATE', subIndication: 'CHAIN_CONSTRAINTS_FAILURE' }));
  add('tsa-untrusted', 'timestamp by a TSA under an unknown root', await cades({ signer: orgP256, content, timestamp: stamp(otherTsa) }), badStamp({ indication: 'INDETERMINATE', subIndication: 'NO_CERTIFICATE_CHAIN_FOUND' }));
  add('timestamp-imprint-mismatch', 'the timestamp stamps something else than the signature value', await cades({ signer: orgP256, content, timestamp: stamp(tsa, { imprint: () => sha256(Buffer.from('something else')) }) }), badStamp({ indication: 'TOTAL_FAILED', subIndication: 'HASH_FAILURE' }));
  add('timestamp-signature-flipped', "one bit of the TSA's signature changed", await cades({ signer: orgP256, content, timestamp: stamp(tsa, { flipSignature: true }) }), badStamp({ indication: 'TOTAL_FAILED', subIndication: 'SIG_CRYPTO_FAILURE' }));

  writeFileSync(
    join(OUT, 'manifest.json'),
    `${JSON.stringify({ validationTime: VALIDATION_TIME, trust: { roots: ['pki/root.cert.pem'], intermediates: ['pki/issuing.cert.pem'] }, cases }, null, 2)}\n`,
  );
  process.stdout.write(`${cases.length} cases (${cases.filter((c) => !c.control).length} broken) written to ${OUT}\n`);

  // ------------------------------------------------------------ helpers that need the PKI
  async function cadesWithoutSignedAttributes(signer: Member, chainMember: Member, data: Buffer): Promise<Buffer> {
    const signature = await keyStore.sign(signer.keyId, data);
    return signedData({
      digestAlgorithms: [algorithmIdentifier(OID.sha256)],
      eContentType: OID.data,
      certificates: [signer.certificate.der, chainMember.certificate.der],
      signerInfos: [
        sequence(integer(1), issuerAndSerialNumber(signer.certificate), algorithmIdentifier(OID.sha256), signatureAlgorithmFor(signer.certificate.publicKey), octetString(signature)),
      ],
    });
  }

  async function timestampToken(tsaMember: Member, imprint: Buffer, flipSignature: boolean): Promise<Buffer> {
    const tstInfo = encodeTstInfo({ policy: EVX_TSA_POLICY_OID, hash: 'sha256', imprint, serialNumber: randomSerial(), genTime: SIGNED_AT, accuracy: sequence(integer(1)) });
    const signedAttributes = setOf([contentTypeAttribute(OID.tstInfo), messageDigestAttribute(sha256(tstInfo)), signingCertificateV2Attribute(tsaMember.certificate)]);
    const signature = await keyStore.sign(tsaMember.keyId, signedAttributes);
    if (flipSignature) signature[signature.length - 1] ^= 0x01;
    return signedData({
      digestAlgorithms: [algorithmIdentifier(OID.sha256)],
      eContentType: OID.tstInfo,
      eContent: tstInfo,
      certificates: [tsaMember.certificate.der, ...(tsaMember === otherTsa ? [otherRoot.certificate.der] : [issuing.certificate.der])],
      signerInfos: [signerInfo({ sid: issuerAndSerialNumber(tsaMember.certificate), digestAlgorithm: algorithmIdentifier(OID.sha256), signedAttributes, signatureAlgorithm: signatureAlgorithmFor(tsaMember.certificate.publicKey), signature })],
    });
  }

  interface CadesSpec {
    signer: Member;
    content: Buffer;
    chain?: Member[];
    certificates?: Buffer[];
    attributes?: (defaults: { contentType: Buffer; messageDigest: Buffer; signingCertificate: Buffer }) => Buffer[];
    messageDigest?: Buffer;
    digestAlgorithm?: string;
    signatureAlgorithm?: Buffer;
    signatureHash?: HashName | 'sha1';
    signingKeyId?: string;
    timestamp?: (signature: Buffer) => Promise<Buffer>;
    attach?: boolean;
  }

  async function cades(spec: CadesSpec): Promise<Buffer> {
    const defaults = {
      contentType: contentTypeAttribute(OID.data),
      messageDigest: messageDigestAttribute(spec.messageDigest ?? sha256(spec.content)),
      signingCertificate: signingCertificateV2Attribute(spec.signer.certificate),
    };
    const signedAttributes = setOf(spec.attributes ? spec.attributes(defaults) : [defaults.contentType, defaults.messageDigest, defaults.signingCertificate]);
    const signature = await keyStore.sign(spec.signingKeyId ?? spec.signer.keyId, signedAttributes, (spec.signatureHash ?? 'sha256') as HashName);
    const digestAlgorithm = algorithmIdentifier(spec.digestAlgorithm ?? OID.sha256);
    const signatureAlgorithm = spec.signatureAlgorithm ?? signatureAlgorithmFor(spec.signer.certificate.publicKey, spec.signatureHash === 'sha1' ? 'sha256' : spec.signatureHash);
    const unsignedAttributes = spec.timestamp ? [attribute(OID.signatureTimeStampTokenAttr, await spec.timestamp(signature))] : undefined;
    return signedData({
      digestAlgorithms: [digestAlgorithm],
      eContentType: OID.data,
      eContent: spec.attach ? spec.content : undefined,
      certificates: spec.certificates ?? [spec.signer.certificate.der, ...(spec.chain ?? [issuing]).map((member) => member.certificate.der)],
      signerInfos: [signerInfo({ sid: issuerAndSerialNumber(spec.signer.certificate), digestAlgorithm, signedAttributes, signatureAlgorithm, signature, unsignedAttributes })],
    });
  }
}

// ------------------------------------------------------------ PKI helpers

async function key(name: string, type: 'ec' | 'rsa' = 'ec'): Promise<string> {
  const { privateKey } = type === 'ec' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeKey(name, privateKey);
  return (await keyStore.importPrivateKey(name, privateKey)).id;
}

function writeKey(name: string, privateKey: KeyObject): void {
  writeFileSync(join(OUT, 'pki', `TEST-ONLY-${name}.key.pem`), privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
}

async function selfSigned(name: string, subject: NameAttribute[], profile: CertificateProfile = PROFILES.rootCa): Promise<Member> {
  const keyId = await key(name);
  const spki = spkiOf(await keyStore.publicKey(keyId));
  const subjectName = encodeName(subject);
  const der = await signCertificate(keyStore, keyId, { issuerName: subjectName, authorityKeyId: keyIdentifier(spki), subjectName, spki, profile, notBefore: T0, notAfter: years(T0, 20) });
  return remember(name, keyId, der);
}

/** `unchecked` skips nothing in the certificate but allows an issuer that is not a CA. */
async function issued(name: string, subject: NameAttribute[], issuer: Member, profile: CertificateProfile, notBefore: Date, notAfter: Date, type: 'ec' | 'rsa' = 'ec', unchecked = false): Promise<Member> {
  if (!unchecked && !issuer.certificate.basicConstraints?.ca) throw new Error(`${issuer.name} is not a CA`);
  const keyId = await key(name, type);
  const spki = spkiOf(await keyStore.publicKey(keyId));
  const der = await signCertificate(keyStore, issuer.keyId, {
    issuerName: issuer.certificate.subjectDer,
    authorityKeyId: issuer.certificate.subjectKeyIdentifier!,
    subjectName: encodeName(subject),
    spki,
    profile,
    notBefore,
    notAfter,
  });
  return remember(name, keyId, der);
}

function remember(name: string, keyId: string, der: Buffer): Member {
  writeFileSync(join(OUT, 'pki', `${name}.cert.pem`), toPem('CERTIFICATE', der));
  return { name, keyId, certificate: parseCertificate(der) };
}

function revocation(member: Member, revokedAt: string, reason: string) {
  return { issuer: member.certificate.issuer, serialNumber: member.certificate.serialNumber, revokedAt, reason };
}

function add(name: string, description: string, cms: Buffer, expected: Case['expected'], options: { content?: string; revocations?: Case['revocations']; control?: boolean } = {}): void {
  writeFileSync(join(OUT, 'cases', `${name}.p7s`), cms);
  cases.push({ name, description, cms: `cases/${name}.p7s`, content: options.content ?? 'content.bin', revocations: options.revocations ?? [], expected, control: options.control ?? false });
}

// ------------------------------------------------------------ byte surgery

function sha256(data: Buffer): Buffer {
  return createHash('sha256').update(data).digest();
}

function flipAfter(der: Buffer, needle: Buffer, offset: number): Buffer {
  const at = der.indexOf(needle);
  if (at < 0) throw new Error('needle not found');
  const copy = Buffer.from(der);
  copy[at + offset] ^= 0x01;
  return copy;
}

function replaceOnce(der: Buffer, from: Buffer, to: Buffer): Buffer {
  if (from.length !== to.length) throw new Error('replacement must keep the length');
  const at = der.indexOf(from);
  const copy = Buffer.from(der);
  to.copy(copy, at);
  return copy;
}

function flipSignatureValue(der: Buffer): Buffer {
  return flipAfter(der, parseSignedData(der).signerInfos[0].signature, 20);
}

/** The last digit of the seconds of the first UTCTime in the signed attributes. */
function flipSigningTime(der: Buffer): Buffer {
  const signer = parseSignedData(der).signerInfos[0];
  const time = signer.signedAttributes.find((a) => a.type === OID.signingTimeAttr)!.values[0];
  const copy = Buffer.from(der);
  const lastDigit = time.valueEnd - 2; // "...SSZ": the digit before Z
  copy[lastDigit] = copy[lastDigit] === 0x30 ? 0x31 : 0x30;
  return copy;
}

function duplicateSignerInfo(der: Buffer): Buffer {
  const parsed = parseSignedData(der);
  const info = parsed.signerInfos[0].node.bytes;
  const fields = parsed.signedData.children.map((child) => child.bytes);
  fields[fields.length - 1] = tlv(0x31, info, info);
  return sequence(oid(OID.signedData), explicit(0, sequence(...fields)));
}

/** Stock openssl signs with the TEST-ONLY key: the verifier must accept other producers' CAdES. */
function opensslCades(signer: Member, chainMember: Member, data: Buffer): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'evx-corpus-'));
  try {
    writeFileSync(join(dir, 'data.bin'), data);
    writeFileSync(join(dir, 'chain.pem'), toPem('CERTIFICATE', chainMember.certificate.der));
    execFileSync('openssl', [
      'cms', '-sign', '-binary', '-cades', '-md', 'sha256', '-outform', 'DER',
      '-in', join(dir, 'data.bin'),
      '-signer', join(OUT, 'pki', `${signer.name}.cert.pem`),
      '-inkey', join(OUT, 'pki', `TEST-ONLY-${signer.name}.key.pem`),
      '-certfile', join(dir, 'chain.pem'),
      '-out', join(dir, 'sig.der'),
    ]);
    return readFileSync(join(dir, 'sig.der'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
