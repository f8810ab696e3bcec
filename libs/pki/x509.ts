/**
 * X.509 certificates read into a plain object: the bytes a signature covers, names, validity,
 * the public key and the extensions path validation needs. Parsed certificates are cached by
 * their SHA-256, because the same few signer certificates arrive in every CMS and importing a
 * public key costs ~0.25 ms.
 */
import { type KeyObject, createPublicKey } from 'node:crypto';
import { type HashName, type SignatureFamily, describeSignatureAlgorithm, sha256, verifySignature } from './algorithms.js';
import { type DerNode, TAG, expectTag, integerHex, parseDer, readBitString, readBoolean, readOctetString, readOid, readSmallInteger, readTime } from './der.js';
import { PkiError } from './errors.js';
import { formatName } from './names.js';
import { OID } from './oids.js';
import { derFrom } from './pem.js';

export const KEY_USAGES = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;
export type KeyUsage = (typeof KEY_USAGES)[number];

export interface Extension {
  oid: string;
  critical: boolean;
  value: Buffer;
}

export interface ParsedCertificate {
  der: Buffer;
  /** The DER of TBSCertificate: what the issuer signed. */
  tbs: Buffer;
  signatureAlgorithm: { oid: string; family?: SignatureFamily; hash?: HashName };
  signature: Buffer;
  version: number;
  /** Lowercase hex of the serial number's value octets, without a leading sign octet. */
  serialNumber: string;
  /** The serialNumber INTEGER as encoded (TLV), for IssuerAndSerialNumber. */
  serialDer: Buffer;
  issuerDer: Buffer;
  subjectDer: Buffer;
  issuer: string;
  subject: string;
  notBefore: Date;
  notAfter: Date;
  /** SubjectPublicKeyInfo DER. */
  spki: Buffer;
  publicKey: KeyObject;
  extensions: Extension[];
  basicConstraints?: { ca: boolean; pathLength?: number };
  keyUsage?: ReadonlySet<KeyUsage>;
  extendedKeyUsage?: { purposes: string[]; critical: boolean };
  subjectKeyIdentifier?: Buffer;
  authorityKeyIdentifier?: Buffer;
  /** Lowercase hex SHA-256 of the DER. */
  fingerprintSha256: string;
}

const cache = new Map<string, ParsedCertificate>();
const CACHE_LIMIT = 1000;

/** Parses a certificate from DER or PEM; throws PkiError CERTIFICATE_INVALID when it cannot. */
export function parseCertificate(input: string | Uint8Array): ParsedCertificate {
  const der = derFrom(input, ['CERTIFICATE']);
  // Looked up by length and the last 24 bytes (inside the signature), then compared in full:
  // exact, and cheaper than hashing or stringifying the whole DER on every CMS.
  const key = `${der.length}:${der.toString('latin1', Math.max(0, der.length - 24))}`;
  const cached = cache.get(key);
  if (cached?.der.equals(der)) return cached;
  let parsed: ParsedCertificate;
  try {
    parsed = Object.freeze(parse(Buffer.from(der), sha256(der).toString('hex')));
  } catch (error) {
    if (error instanceof PkiError) throw new PkiError('CERTIFICATE_INVALID', `certificate cannot be parsed: ${error.message}`);
    throw error;
  }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, parsed);
  return parsed;
}

function parse(der: Buffer, fingerprintSha256: string): ParsedCertificate {
  const root = expectTag(parseDer(der), TAG.SEQUENCE);
  if (root.children.length !== 3) throw new PkiError('DER_INVALID', 'a certificate has three elements');
  const tbsNode = root.child(0, TAG.SEQUENCE);
  const outerAlgorithm = root.child(1, TAG.SEQUENCE);
  const tbs = tbsNode.children;
  let i = 0;
  let version = 1;
  if (tbs[0]?.tag === 0xa0) {
    version = readSmallInteger(tbs[0].child(0)) + 1;
    i++;
  }
  const serialNode = tbs[i++];
  const innerAlgorithm = tbs[i++];
  const issuerNode = tbs[i++];
  const validity = tbs[i++];
  const subjectNode = tbs[i++];
  const spkiNode = tbs[i++];
  if (!spkiNode) throw new PkiError('DER_INVALID', 'TBSCertificate is incomplete');
  expectTag(serialNode, TAG.INTEGER);
  expectTag(issuerNode, TAG.SEQUENCE);
  expectTag(subjectNode, TAG.SEQUENCE);
  expectTag(spkiNode, TAG.SEQUENCE);
  // RFC 5280 4.1.1.2: the signature algorithm inside and outside the signed part must agree.
  if (!innerAlgorithm || !innerAlgorithm.bytes.equals(outerAlgorithm.bytes)) throw new PkiError('DER_INVALID', 'inner and outer signature algorithms differ');
  let extensionsNode: DerNode | undefined;
  for (; i < tbs.length; i++) if (tbs[i].tag === 0xa3) extensionsNode = tbs[i].child(0, TAG.SEQUENCE);
  const algorithmOid = readOid(outerAlgorithm.child(0));
  const signatureValue = readBitString(root.child(2));
  if (signatureValue.unusedBits !== 0) throw new PkiError('DER_INVALID', 'signature BIT STRING has unused bits');

  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: spkiNode.bytes, format: 'der', type: 'spki' });
  } catch {
    throw new PkiError('DER_INVALID', 'unsupported or malformed public key');
  }

  const certificate: ParsedCertificate = {
    der,
    tbs: tbsNode.bytes,
    signatureAlgorithm: { oid: algorithmOid, ...describeSignatureAlgorithm(algorithmOid) },
    signature: signatureValue.bytes,
    version,
    serialNumber: integerHex(serialNode),
    serialDer: serialNode.bytes,
    issuerDer: issuerNode.bytes,
    subjectDer: subjectNode.bytes,
    issuer: formatName(issuerNode),
    subject: formatName(subjectNode),
    notBefore: readTime(validity.child(0)),
    notAfter: readTime(validity.child(1)),
    spki: spkiNode.bytes,
    publicKey,
    extensions: [],
    fingerprintSha256,
  };
  if (extensionsNode) readExtensions(extensionsNode, certificate);
  return certificate;
}

function readExtensions(list: DerNode, certificate: ParsedCertificate): void {
  for (const node of list.children) {
    const oid = readOid(node.child(0));
    const critical = node.children.length === 3 ? readBoolean(node.child(1)) : false;
    const value = readOctetString(node.child(node.children.length - 1));
    if (certificate.extensions.some((extension) => extension.oid === oid)) throw new PkiError('DER_INVALID', `duplicate extension ${oid}`);
    certificate.extensions.push({ oid, critical, value });
    const inner = (): DerNode => parseDer(value);
    switch (oid) {
      case OID.basicConstraints: {
        const fields = expectTag(inner(), TAG.SEQUENCE).children;
        const ca = fields[0]?.tag === TAG.BOOLEAN ? readBoolean(fields[0]) : false;
        const lengthNode = fields.find((field) => field.tag === TAG.INTEGER);
        certificate.basicConstraints = { ca, ...(lengthNode ? { pathLength: readSmallInteger(lengthNode) } : {}) };
        break;
      }
      case OID.keyUsage: {
        const { bytes } = readBitString(inner());
        certificate.keyUsage = new Set(KEY_USAGES.filter((_, bit) => (bytes[bit >> 3] ?? 0) & (0x80 >> (bit & 7))));
        break;
      }
      case OID.extKeyUsage:
        certificate.extendedKeyUsage = { purposes: expectTag(inner(), TAG.SEQUENCE).children.map(readOid), critical };
        break;
      case OID.subjectKeyIdentifier:
        certificate.subjectKeyIdentifier = readOctetString(inner());
        break;
      case OID.authorityKeyIdentifier: {
        const keyIdentifier = expectTag(inner(), TAG.SEQUENCE).children.find((field) => field.tag === 0x80);
        if (keyIdentifier) certificate.authorityKeyIdentifier = keyIdentifier.value;
        break;
      }
    }
  }
}

/** Extensions this library understands; any other critical extension makes a certificate unusable (RFC 5280 4.2). */
export const UNDERSTOOD_EXTENSIONS: ReadonlySet<string> = new Set([
  OID.basicConstraints,
  OID.keyUsage,
  OID.extKeyUsage,
  OID.subjectKeyIdentifier,
  OID.authorityKeyIdentifier,
  OID.subjectAltName,
  OID.crlDistributionPoints,
  OID.certificatePolicies,
]);

const verifiedPairs = new Map<string, boolean>();

/** Did `issuer`'s key sign `certificate`? Cached per pair: the answer never changes. */
export function isSignedBy(certificate: ParsedCertificate, issuer: ParsedCertificate): boolean {
  const key = `${certificate.fingerprintSha256}:${issuer.fingerprintSha256}`;
  const known = verifiedPairs.get(key);
  if (known !== undefined) return known;
  const { family, hash } = certificate.signatureAlgorithm;
  const result = family !== undefined && hash !== undefined && verifySignature(family, hash, certificate.tbs, certificate.signature, issuer.publicKey);
  if (verifiedPairs.size >= CACHE_LIMIT * 4) verifiedPairs.clear();
  verifiedPairs.set(key, result);
  return result;
}

/** RFC 8705 / RFC 7515 `x5t#S256`: base64url SHA-256 of the certificate DER, no padding. */
export function x5tS256(certificate: string | Uint8Array): string {
  return sha256(derFrom(certificate, ['CERTIFICATE'])).toString('base64url');
}

export interface CertificateSummary {
  subject: string;
  issuer: string;
  /** Lowercase hex. */
  serialNumber: string;
  fingerprintSha256: string;
  notBefore: string;
  notAfter: string;
}

const summaries = new WeakMap<ParsedCertificate, CertificateSummary>();

/** The short public summary of a certificate used in reports and API answers. */
export function describeCertificate(certificate: ParsedCertificate): CertificateSummary {
  let summary = summaries.get(certificate);
  if (!summary) {
    summary = {
      subject: certificate.subject,
      issuer: certificate.issuer,
      serialNumber: certificate.serialNumber,
      fingerprintSha256: certificate.fingerprintSha256,
      notBefore: certificate.notBefore.toISOString(),
      notAfter: certificate.notAfter.toISOString(),
    };
    summaries.set(certificate, summary);
  }
  return { ...summary };
}
