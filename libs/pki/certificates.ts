/**
 * Issuing X.509 v3 certificates. The TBSCertificate is written with the DER codec and signed
 * through `KeyStore.sign` (native node:crypto, or a hardware module later), so no private key
 * ever leaves the store. Each role has an explicit profile (RFC 5280; TSA per RFC 3161 2.3).
 */
import { randomBytes, type KeyObject, createHash, createPublicKey } from 'node:crypto';
import { signatureAlgorithmFor } from './algorithms.js';
import { TAG, bitString, boolean, explicit, expectTag, implicitPrimitive, integer, octetString, oid, parseDer, readBitString, sequence, x509Time } from './der.js';
import { PkiError } from './errors.js';
import type { KeyStore } from './key-store.js';
import { type NameAttribute, encodeName } from './names.js';
import { OID } from './oids.js';
import { toPem } from './pem.js';
import { KEY_USAGES, type KeyUsage, type ParsedCertificate, isSignedBy, parseCertificate } from './x509.js';

export interface CertificateProfile {
  /** Present for a CA certificate (basicConstraints cA=TRUE). */
  ca?: { pathLength?: number };
  keyUsage: KeyUsage[];
  extendedKeyUsage?: { purposes: string[]; critical: boolean };
  /** URIs for subjectAltName, e.g. `urn:uuid:<organisation id>`. */
  subjectAltNameUris?: string[];
  /** Where the issuer's CRL is published (cRLDistributionPoints). */
  crlDistributionPoint?: string;
  /** Anything else, already encoded (tests use it for an unknown critical extension). */
  extraExtensions?: { oid: string; critical: boolean; value: Buffer }[];
}

/** The profile of each role of the exchange PKI. */
export const PROFILES = {
  rootCa: { ca: {}, keyUsage: ['keyCertSign', 'cRLSign'] },
  // pathLength 0: the issuing CA issues end-entity certificates only.
  issuingCa: { ca: { pathLength: 0 }, keyUsage: ['keyCertSign', 'cRLSign'] },
  // Seal and organisation certificates: signatures with commitment (CAdES), and certificate login.
  seal: { keyUsage: ['digitalSignature', 'nonRepudiation'] },
  organisation: { keyUsage: ['digitalSignature', 'nonRepudiation'] },
  // RFC 3161 2.3: exactly one EKU, id-kp-timeStamping, critical; OpenSSL also insists the key
  // usage holds only digitalSignature and/or nonRepudiation.
  timestamping: { keyUsage: ['digitalSignature'], extendedKeyUsage: { purposes: [OID.kpTimeStamping], critical: true } },
} satisfies Record<string, CertificateProfile>;

/** Validity of each role, in years. */
export const VALIDITY_YEARS = { rootCa: 20, issuingCa: 10, seal: 5, timestamping: 5, organisation: 2 } as const;

export interface CertificateIssuer {
  /** The issuer's certificate (DER or PEM). */
  certificate: Uint8Array | string;
  /** Its private key's id in the key store. */
  keyId: string;
}

export interface IssueCertificateInput {
  subject: NameAttribute[];
  /** The subject's public key: a KeyObject or SubjectPublicKeyInfo DER. */
  publicKey: KeyObject | Uint8Array;
  /** Who signs: an issuing certificate and its key, or `{ selfSignedKeyId }` for a root. */
  issuer: CertificateIssuer | { selfSignedKeyId: string };
  profile: CertificateProfile;
  notBefore: Date;
  notAfter: Date;
  /** Defaults to 126 random bits. */
  serialNumber?: Uint8Array;
}

export interface IssuedCertificate {
  der: Buffer;
  pem: string;
  /** Lowercase hex. */
  serialNumber: string;
  fingerprintSha256: string;
  subject: string;
  notBefore: Date;
  notAfter: Date;
}

export async function issueCertificate(keyStore: KeyStore, input: IssueCertificateInput): Promise<IssuedCertificate> {
  const spki = spkiOf(input.publicKey);
  const subjectName = encodeName(input.subject);

  let issuerName: Buffer;
  let issuerKeyId: string;
  let authorityKeyId: Buffer;
  let issuerCertificate: ParsedCertificate | undefined;
  if ('selfSignedKeyId' in input.issuer) {
    issuerKeyId = input.issuer.selfSignedKeyId;
    issuerName = subjectName;
    authorityKeyId = keyIdentifier(spki);
    const ownKey = (await keyStore.publicKey(issuerKeyId)).export({ type: 'spki', format: 'der' });
    if (!ownKey.equals(spki)) throw new PkiError('SIGNER_KEY_MISMATCH', `key ${issuerKeyId} is not the key being certified`);
  } else {
    issuerCertificate = parseCertificate(input.issuer.certificate);
    issuerKeyId = input.issuer.keyId;
    issuerName = issuerCertificate.subjectDer;
    authorityKeyId = issuerCertificate.subjectKeyIdentifier ?? keyIdentifier(issuerCertificate.spki);
    const issuerKey = (await keyStore.publicKey(issuerKeyId)).export({ type: 'spki', format: 'der' });
    if (!issuerKey.equals(issuerCertificate.spki)) throw new PkiError('SIGNER_KEY_MISMATCH', `key ${issuerKeyId} does not belong to the issuer certificate`);
    if (!issuerCertificate.basicConstraints?.ca) throw new PkiError('CERTIFICATE_INVALID', 'the issuer certificate is not a CA');
    if (issuerCertificate.keyUsage && !issuerCertificate.keyUsage.has('keyCertSign')) throw new PkiError('CERTIFICATE_INVALID', 'the issuer certificate may not sign certificates');
  }

  const der = await signCertificate(keyStore, issuerKeyId, {
    issuerName,
    authorityKeyId,
    subjectName,
    spki,
    profile: input.profile,
    notBefore: input.notBefore,
    notAfter: input.notAfter,
    serialNumber: input.serialNumber,
  });

  // Read our own output back and check its signature: an encoding slip or a faulty signer
  // shows up here, not at a relying party.
  const issued = parseCertificate(der);
  if (!isSignedBy(issued, issuerCertificate ?? issued)) throw new PkiError('CERTIFICATE_INVALID', 'the new certificate signature does not verify');
  return {
    der,
    pem: toPem('CERTIFICATE', der),
    serialNumber: issued.serialNumber,
    fingerprintSha256: issued.fingerprintSha256,
    subject: issued.subject,
    notBefore: issued.notBefore,
    notAfter: issued.notAfter,
  };
}

export interface TbsFields {
  issuerName: Buffer;
  authorityKeyId: Buffer;
  subjectName: Buffer;
  spki: Buffer;
  profile: CertificateProfile;
  notBefore: Date;
  notAfter: Date;
  serialNumber?: Uint8Array;
}

/**
 * Writes and signs a certificate with no policy checks at all. `issueCertificate` is the way
 * to issue; this is exported for the test corpus, which needs deliberately broken chains.
 */
export async function signCertificate(keyStore: KeyStore, issuerKeyId: string, fields: TbsFields): Promise<Buffer> {
  const signatureAlgorithm = signatureAlgorithmFor(await keyStore.publicKey(issuerKeyId));
  const tbs = sequence(
    explicit(0, integer(2)), // v3
    integer(fields.serialNumber ?? randomSerial()),
    signatureAlgorithm,
    fields.issuerName,
    sequence(x509Time(fields.notBefore), x509Time(fields.notAfter)),
    fields.subjectName,
    fields.spki,
    explicit(3, sequence(...extensions(fields.profile, fields.spki, fields.authorityKeyId))),
  );
  const signature = await keyStore.sign(issuerKeyId, tbs, 'sha256');
  return sequence(tbs, signatureAlgorithm, bitString(signature));
}

function extensions(profile: CertificateProfile, spki: Buffer, authorityKeyId: Buffer): Buffer[] {
  const list = [
    extension(OID.basicConstraints, true, profile.ca ? sequence(boolean(true), ...(profile.ca.pathLength !== undefined ? [integer(profile.ca.pathLength)] : [])) : sequence()),
    extension(OID.keyUsage, true, keyUsageBits(profile.keyUsage)),
  ];
  if (profile.extendedKeyUsage) {
    list.push(extension(OID.extKeyUsage, profile.extendedKeyUsage.critical, sequence(...profile.extendedKeyUsage.purposes.map((purpose) => oid(purpose)))));
  }
  list.push(extension(OID.subjectKeyIdentifier, false, octetString(keyIdentifier(spki))));
  list.push(extension(OID.authorityKeyIdentifier, false, sequence(implicitPrimitive(0, authorityKeyId))));
  if (profile.subjectAltNameUris?.length) {
    list.push(extension(OID.subjectAltName, false, sequence(...profile.subjectAltNameUris.map((uri) => implicitPrimitive(6, Buffer.from(uri, 'latin1'))))));
  }
  if (profile.crlDistributionPoint) {
    // DistributionPoint { distributionPoint [0] { fullName [0] { uniformResourceIdentifier [6] } } }
    const uri = implicitPrimitive(6, Buffer.from(profile.crlDistributionPoint, 'latin1'));
    list.push(extension(OID.crlDistributionPoints, false, sequence(sequence(explicit(0, explicit(0, uri))))));
  }
  for (const extra of profile.extraExtensions ?? []) list.push(extension(extra.oid, extra.critical, extra.value));
  return list;
}

export function extension(extnId: string, critical: boolean, value: Buffer): Buffer {
  return critical ? sequence(oid(extnId), boolean(true), octetString(value)) : sequence(oid(extnId), octetString(value));
}

/** KeyUsage as a DER named-bit BIT STRING: trailing zero bits dropped (X.690 11.2.2). */
function keyUsageBits(usages: readonly KeyUsage[]): Buffer {
  if (usages.length === 0) throw new PkiError('CERTIFICATE_INVALID', 'a key usage is required');
  const bytes = Buffer.alloc(2);
  let highest = 0;
  for (const usage of usages) {
    const bit = KEY_USAGES.indexOf(usage);
    bytes[bit >> 3] |= 0x80 >> (bit & 7);
    highest = Math.max(highest, bit);
  }
  return bitString(bytes.subarray(0, (highest >> 3) + 1), 7 - (highest & 7));
}

/** RFC 5280 4.2.1.2 method (1): SHA-1 of the subjectPublicKey bits. An identifier, not a security function. */
export function keyIdentifier(spki: Buffer): Buffer {
  const bits = readBitString(expectTag(parseDer(spki), TAG.SEQUENCE).child(1)).bytes;
  return createHash('sha1').update(bits).digest();
}

// Random bytes drawn 4 KiB at a time: a randomBytes(16) call per TSA token cost ~20 us here,
// as much as the signature itself.
let entropy = Buffer.alloc(0);
let entropyOffset = 0;

/** 16 random bytes, top bit clear (a positive INTEGER) and next bit set (always 16 octets). */
export function randomSerial(): Buffer {
  if (entropyOffset + 16 > entropy.length) {
    entropy = randomBytes(4096);
    entropyOffset = 0;
  }
  const serial = Buffer.from(entropy.subarray(entropyOffset, entropyOffset + 16));
  entropy.fill(0, entropyOffset, entropyOffset + 16); // each byte is handed out once
  entropyOffset += 16;
  serial[0] = (serial[0] & 0x7f) | 0x40;
  return serial;
}

/** `years` after `from`, clamped to `limit` (a certificate never outlives its issuer). */
export function yearsAfter(from: Date, years: number, limit?: Date): Date {
  const until = new Date(from);
  until.setUTCFullYear(until.getUTCFullYear() + years);
  return limit && limit < until ? new Date(limit) : until;
}

/**
 * Certificate start: `now` to the second, less one minute, so that a relying party whose clock
 * is slightly behind ours does not see a brand-new certificate as not yet valid.
 */
export function startOfValidity(now: Date): Date {
  return new Date(Math.floor(now.getTime() / 1000) * 1000 - 60_000);
}

/** SubjectPublicKeyInfo DER of a public or private KeyObject, or the DER itself. */
export function spkiOf(key: KeyObject | Uint8Array): Buffer {
  if (key instanceof Uint8Array) return Buffer.from(key);
  return (key.type === 'public' ? key : createPublicKey(key)).export({ type: 'spki', format: 'der' });
}
