/**
 * The checks a CAdES signature and an RFC 3161 token share: the SignedData format, accepted
 * algorithms, identification of the signing certificate (sid + ESS signing-certificate), the
 * message digest and the signature value. Each outcome is recorded in a CheckList.
 */
import { createHash } from 'node:crypto';
import { type HashName, type SignatureFamily, DIGEST_LENGTHS, describeSignatureAlgorithm, digest, hashForDigestOid, verifySignature } from './algorithms.js';
import { type ParsedSignedData, type ParsedSignerInfo, parseSignedData, singleAttributeValue } from './cms.js';
import { type DerNode, TAG, expectTag, readOctetString, readOid } from './der.js';
import { PkiError } from './errors.js';
import { OID } from './oids.js';
import type { CheckList } from './report.js';
import { type ParsedCertificate, parseCertificate } from './x509.js';

export interface SignerCheckOptions {
  /** The eContentType this kind of object must have (id-data, id-ct-TSTInfo). */
  contentType: string;
  /** Detached content, or its SHA-256; when absent, the encapsulated content is required and used. */
  detachedContent?: Uint8Array | ContentDigest;
  /** Certificates beyond those in the CMS where the signer may be found. */
  extraCertificates: readonly ParsedCertificate[];
  /** RFC 3161 tokens may name their certificate with ESS signing-certificate v1 (SHA-1). */
  allowSigningCertificateV1: boolean;
}

/** Large content hashed by the caller (as a stream) instead of passed whole. */
export interface ContentDigest {
  sha256: Buffer;
}

export interface SignerCheckOutcome {
  parsed: ParsedSignedData;
  signer: ParsedSignerInfo;
  /** The encapsulated or detached content that was checked, or its digest. */
  content: Buffer | ContentDigest;
  /** The certificates carried in the CMS (those that parse). */
  certificates: ParsedCertificate[];
  certificate?: ParsedCertificate;
}

/** Runs FORMAT, ALGORITHMS, SIGNING_CERTIFICATE, MESSAGE_DIGEST and SIGNATURE_VALUE; undefined when the format is unusable. */
export function checkSignedData(cms: Uint8Array, checks: CheckList, options: SignerCheckOptions): SignerCheckOutcome | undefined {
  let parsed: ParsedSignedData;
  let signer: ParsedSignerInfo;
  let content: Buffer | ContentDigest;
  let messageDigest: Buffer;
  try {
    parsed = parseSignedData(cms);
    const problem = formatProblem(parsed, options);
    if (problem) {
      checks.fail('FORMAT', 'FORMAT_FAILURE', problem);
      return undefined;
    }
    signer = parsed.signerInfos[0];
    const detached = options.detachedContent;
    content = detached ? (detached instanceof Uint8Array ? toBuffer(detached) : detached) : parsed.eContent!;
    messageDigest = readOctetString(singleAttributeValue(signer.signedAttributes, OID.messageDigestAttr)!);
  } catch (error) {
    checks.fail('FORMAT', 'FORMAT_FAILURE', `not a well-formed CMS SignedData: ${error instanceof PkiError ? error.message : 'unreadable'}`);
    return undefined;
  }
  checks.pass('FORMAT', 'CMS SignedData with one SignerInfo and the required signed attributes');

  const algorithms = algorithmsOf(signer);
  if (typeof algorithms === 'string') {
    checks.fail('ALGORITHMS', 'CRYPTO_CONSTRAINTS_FAILURE', algorithms);
    return undefined;
  }
  checks.pass('ALGORITHMS', `${algorithms.hash} with ${algorithms.family}`);

  const certificates = parsed.certificates.flatMap((der) => {
    try {
      return [parseCertificate(der)];
    } catch {
      return [];
    }
  });
  const certificate = findSigner(signer, [...certificates, ...options.extraCertificates]);
  const outcome: SignerCheckOutcome = { parsed, signer, content, certificates, certificate };
  if (!certificate) {
    checks.fail('SIGNING_CERTIFICATE', 'NO_SIGNING_CERTIFICATE_FOUND', 'the certificate named by the SignerInfo is not in the CMS');
    return outcome;
  }
  const essProblem = signingCertificateProblem(signer, certificate, options.allowSigningCertificateV1);
  if (essProblem) checks.fail('SIGNING_CERTIFICATE', 'NO_SIGNING_CERTIFICATE_FOUND', essProblem);
  else checks.pass('SIGNING_CERTIFICATE', `signed by ${certificate.subject}, serial ${certificate.serialNumber}`);

  if (!Buffer.isBuffer(content) && algorithms.hash !== 'sha256') {
    checks.fail('MESSAGE_DIGEST', 'HASH_FAILURE', `the signature digests with ${algorithms.hash}, but only the SHA-256 of the content was given`);
  } else if (messageDigest.length !== DIGEST_LENGTHS[algorithms.hash] || !(Buffer.isBuffer(content) ? digest(algorithms.hash, content) : content.sha256).equals(messageDigest)) {
    checks.fail('MESSAGE_DIGEST', 'HASH_FAILURE', `the ${algorithms.hash} of the content does not match the signed message-digest`);
  } else {
    checks.pass('MESSAGE_DIGEST', `the ${algorithms.hash} of the content matches the signed message-digest`);
  }

  if (verifySignature(algorithms.family, algorithms.hash, signer.signedAttributesDer!, signer.signature, certificate.publicKey)) {
    checks.pass('SIGNATURE_VALUE', 'the signature over the signed attributes verifies with the signer certificate key');
  } else {
    checks.fail('SIGNATURE_VALUE', 'SIG_CRYPTO_FAILURE', 'the signature value does not verify with the signer certificate key');
  }
  return outcome;
}

function formatProblem(parsed: ParsedSignedData, options: SignerCheckOptions): string | undefined {
  if (parsed.signerInfos.length !== 1) return `expected one SignerInfo, found ${parsed.signerInfos.length}`;
  if (parsed.eContentType !== options.contentType) return `the encapsulated content type is ${parsed.eContentType}, expected ${options.contentType}`;
  if (options.detachedContent && parsed.eContent) return 'the content is encapsulated; a detached signature is expected';
  if (!options.detachedContent && !parsed.eContent) return 'the encapsulated content is missing';
  const signer = parsed.signerInfos[0];
  // RFC 5652 5.3: version 1 goes with IssuerAndSerialNumber, 3 with SubjectKeyIdentifier.
  if (signer.version !== ('subjectKeyIdentifier' in signer.sid ? 3 : 1)) return `SignerInfo version ${signer.version} does not match its signer identifier`;
  if (!signer.signedAttributesDer) return 'the SignerInfo has no signed attributes';
  const contentType = singleAttributeValue(signer.signedAttributes, OID.contentTypeAttr);
  if (!contentType) return 'the content-type signed attribute is missing';
  if (readOid(contentType) !== parsed.eContentType) return 'the content-type signed attribute differs from the encapsulated content type';
  if (!singleAttributeValue(signer.signedAttributes, OID.messageDigestAttr)) return 'the message-digest signed attribute is missing';
  return undefined;
}

function algorithmsOf(signer: ParsedSignerInfo): { hash: HashName; family: SignatureFamily } | string {
  const hash = hashForDigestOid(signer.digestAlgorithm);
  if (!hash) return `digest algorithm ${signer.digestAlgorithm} is not accepted (SHA-256, SHA-384, SHA-512)`;
  const signature = describeSignatureAlgorithm(signer.signatureAlgorithm);
  if (!signature) return `signature algorithm ${signer.signatureAlgorithm} is not accepted (ECDSA, RSA PKCS#1 v1.5)`;
  // RFC 5754: ecdsa-with-SHA256 goes with a SHA-256 digest, and so on; a mix is malformed.
  if (signature.hash && signature.hash !== hash) return `signature algorithm ${signer.signatureAlgorithm} does not match digest algorithm ${hash}`;
  return { hash, family: signature.family };
}

function findSigner(signer: ParsedSignerInfo, certificates: readonly ParsedCertificate[]): ParsedCertificate | undefined {
  const sid = signer.sid;
  return 'subjectKeyIdentifier' in sid
    ? certificates.find((certificate) => certificate.subjectKeyIdentifier?.equals(sid.subjectKeyIdentifier))
    : certificates.find((certificate) => certificate.issuerDer.equals(sid.issuerDer) && certificate.serialDer.equals(sid.serialDer));
}

/**
 * ESS signing-certificate(-v2) must name exactly this certificate (RFC 5035 5.4): its hash, and
 * when present its issuer and serial. This is what stops a certificate substitution.
 */
function signingCertificateProblem(signer: ParsedSignerInfo, certificate: ParsedCertificate, allowV1: boolean): string | undefined {
  let value: DerNode | undefined;
  let hash: HashName | 'sha1' = 'sha256';
  try {
    value = singleAttributeValue(signer.signedAttributes, OID.signingCertificateV2Attr);
    if (!value && allowV1) {
      value = singleAttributeValue(signer.signedAttributes, OID.signingCertificateAttr);
      hash = 'sha1';
    }
    if (!value) return 'the ESS signing-certificate-v2 signed attribute is missing';
    const first = expectTag(value, TAG.SEQUENCE).child(0, TAG.SEQUENCE).child(0, TAG.SEQUENCE);
    let index = 0;
    if (hash !== 'sha1' && first.children[0]?.tag === TAG.SEQUENCE) {
      const named = hashForDigestOid(readOid(first.child(0).child(0)));
      if (!named) return 'the signing-certificate attribute uses an unaccepted hash';
      hash = named;
      index = 1;
    }
    const certHash = readOctetString(first.child(index));
    // SHA-1 only for ESS v1 in RFC 3161 tokens, where it identifies a certificate the chain check then validates.
    const actual = hash === 'sha256' ? certificate.fingerprintSha256 : createHash(hash).update(certificate.der).digest('hex');
    if (certHash.toString('hex') !== actual) return `the signing-certificate attribute names another certificate than ${certificate.subject} serial ${certificate.serialNumber}`;
    const issuerSerial = first.children[index + 1];
    if (issuerSerial) {
      const directoryNames = issuerSerial.child(0, TAG.SEQUENCE).children.filter((name) => name.tag === 0xa4).map((name) => name.child(0).bytes);
      const serial = issuerSerial.child(1, TAG.INTEGER).bytes;
      if (!serial.equals(certificate.serialDer) || !directoryNames.some((name) => name.equals(certificate.issuerDer))) {
        return 'the issuer and serial in the signing-certificate attribute do not match the signer certificate';
      }
    }
    return undefined;
  } catch (error) {
    return `the signing-certificate attribute is malformed${error instanceof PkiError ? `: ${error.message}` : ''}`;
  }
}

const toBuffer = (bytes: Uint8Array): Buffer => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
