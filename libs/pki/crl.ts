/**
 * Certificate revocation lists (RFC 5280 5): written for the issuing CA, signed through the
 * KeyStore, and read back into a revocation lookup for offline verification.
 */
import { describeSignatureAlgorithm, signatureAlgorithmFor, verifySignature } from './algorithms.js';
import { type CertificateIssuer, extension, keyIdentifier } from './certificates.js';
import { TAG, bitString, enumerated, explicit, expectTag, implicitPrimitive, integer, integerHex, parseDer, readBitString, readOctetString, readOid, readSmallInteger, readTime, sequence, x509Time } from './der.js';
import { PkiError } from './errors.js';
import type { KeyStore } from './key-store.js';
import { OID } from './oids.js';
import { type ParsedCertificate, parseCertificate } from './x509.js';

/** CRLReason (RFC 5280 5.3.1) by name; the value is the ENUMERATED code. */
export const REVOCATION_REASONS = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  privilegeWithdrawn: 9,
  aACompromise: 10,
} as const;
export type RevocationReason = keyof typeof REVOCATION_REASONS;

export interface RevokedCertificate {
  /** Lowercase hex, as `ParsedCertificate.serialNumber`. */
  serialNumber: string;
  revokedAt: Date;
  reason: RevocationReason;
}

export interface CrlInput {
  /** Monotonically increasing (RFC 5280 5.2.3). */
  crlNumber: bigint | number;
  thisUpdate: Date;
  nextUpdate: Date;
  revoked: readonly RevokedCertificate[];
}

/** A DER CRL v2 signed by `issuer`, with cRLNumber, authorityKeyIdentifier and reason codes. */
export async function buildCrl(keyStore: KeyStore, issuer: CertificateIssuer, input: CrlInput): Promise<Buffer> {
  if (input.nextUpdate <= input.thisUpdate) throw new PkiError('CERTIFICATE_INVALID', 'nextUpdate must be after thisUpdate');
  const issuerCertificate = parseCertificate(issuer.certificate);
  if (!issuerCertificate.keyUsage?.has('cRLSign')) throw new PkiError('CERTIFICATE_INVALID', 'the CRL issuer certificate lacks the cRLSign key usage');
  const signatureAlgorithm = signatureAlgorithmFor(await keyStore.publicKey(issuer.keyId));
  const entries = [...input.revoked]
    .sort((a, b) => a.revokedAt.getTime() - b.revokedAt.getTime())
    .map((entry) => {
      if (!/^[0-9a-f]+$/.test(entry.serialNumber)) throw new PkiError('CERTIFICATE_INVALID', `bad serial number ${entry.serialNumber}`);
      const code = REVOCATION_REASONS[entry.reason];
      // RFC 5280 5.3.1: "unspecified" SHOULD be expressed by leaving the reason out.
      const reason = code === 0 ? [] : [sequence(extension(OID.crlReason, false, enumerated(code)))];
      return sequence(integer(Buffer.from(entry.serialNumber.length % 2 ? `0${entry.serialNumber}` : entry.serialNumber, 'hex')), x509Time(entry.revokedAt), ...reason);
    });
  const authorityKeyId = issuerCertificate.subjectKeyIdentifier ?? keyIdentifier(issuerCertificate.spki);
  const tbs = sequence(
    integer(1), // v2
    signatureAlgorithm,
    issuerCertificate.subjectDer,
    x509Time(input.thisUpdate),
    x509Time(input.nextUpdate),
    ...(entries.length ? [sequence(...entries)] : []), // an empty list is left out, not written empty
    explicit(0, sequence(
      extension(OID.authorityKeyIdentifier, false, sequence(implicitPrimitive(0, authorityKeyId))),
      extension(OID.crlNumber, false, integer(input.crlNumber)),
    )),
  );
  const signature = await keyStore.sign(issuer.keyId, tbs, 'sha256');
  return sequence(tbs, signatureAlgorithm, bitString(signature));
}

export interface ParsedCrl {
  issuer: ParsedCertificate;
  crlNumber?: bigint;
  thisUpdate: Date;
  nextUpdate?: Date;
  revoked: Map<string, { revokedAt: Date; reason: RevocationReason }>;
}

/**
 * Reads a DER CRL and checks it was signed by `issuerCertificate`. Throws PkiError DER_INVALID
 * when it is malformed or not signed by that issuer.
 */
export function parseCrl(crl: Uint8Array, issuerCertificate: Uint8Array | string): ParsedCrl {
  const issuer = parseCertificate(issuerCertificate);
  const root = expectTag(parseDer(crl), TAG.SEQUENCE);
  const tbsNode = root.child(0, TAG.SEQUENCE);
  const algorithm = describeSignatureAlgorithm(readOid(root.child(1, TAG.SEQUENCE).child(0)));
  const signature = readBitString(root.child(2)).bytes;
  if (!algorithm?.hash || !verifySignature(algorithm.family, algorithm.hash, tbsNode.bytes, signature, issuer.publicKey)) {
    throw new PkiError('DER_INVALID', 'the CRL signature does not verify with the issuer certificate');
  }
  const fields = tbsNode.children;
  let i = fields[0]?.tag === TAG.INTEGER ? 1 : 0;
  i++; // signature algorithm
  if (!fields[i].bytes.equals(issuer.subjectDer)) throw new PkiError('DER_INVALID', 'the CRL issuer is not the given certificate');
  i++;
  const thisUpdate = readTime(fields[i++]);
  const nextUpdate = fields[i] && (fields[i].tag === TAG.UTC_TIME || fields[i].tag === TAG.GENERALIZED_TIME) ? readTime(fields[i++]) : undefined;
  const revoked = new Map<string, { revokedAt: Date; reason: RevocationReason }>();
  if (fields[i]?.tag === TAG.SEQUENCE) {
    for (const entry of fields[i++].children) {
      let reason: RevocationReason = 'unspecified';
      for (const ext of entry.children[2]?.children ?? []) {
        if (readOid(ext.child(0)) !== OID.crlReason) continue;
        const code = readSmallInteger(parseDer(readOctetString(ext.child(ext.children.length - 1))), TAG.ENUMERATED);
        reason = (Object.entries(REVOCATION_REASONS).find(([, value]) => value === code)?.[0] ?? 'unspecified') as RevocationReason;
      }
      revoked.set(integerHex(entry.child(0)), { revokedAt: readTime(entry.child(1)), reason });
    }
  }
  let crlNumber: bigint | undefined;
  if (fields[i]?.tag === 0xa0) {
    for (const ext of fields[i].child(0).children) {
      if (readOid(ext.child(0)) === OID.crlNumber) crlNumber = BigInt(`0x${integerHex(parseDer(readOctetString(ext.child(ext.children.length - 1))))}`);
    }
  }
  return { issuer, crlNumber, thisUpdate, nextUpdate, revoked };
}


/**
 * A RevocationLookup over verified CRLs: a certificate is revoked when the CRL of its issuer
 * lists its serial. Certificates whose issuer has no CRL here are reported as not revoked, so
 * pass a CRL for every CA whose certificates you validate (the exchange's issuing CA).
 */
export function crlRevocationLookup(crls: readonly ParsedCrl[]): (certificate: { issuer: string; serialNumber: string }) => { revokedAt: Date; reason: RevocationReason } | null {
  return ({ issuer, serialNumber }) => {
    for (const crl of crls) {
      if (crl.issuer.subject !== issuer) continue;
      const entry = crl.revoked.get(serialNumber);
      if (entry) return entry;
    }
    return null;
  };
}
