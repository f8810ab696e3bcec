/**
 * Signature validation against the exchange's trust: CAdES detached signatures (B-B, B-T),
 * RFC 3161 tokens, certificates alone (certificate login) and raw signatures over a challenge.
 *
 * The signing time is the genTime of a verified signature timestamp when there is one (a
 * proof of existence), else the validation time. Certificate validity and revocation are
 * judged at that time: revoked after a proven signing time still passes; revoked before it,
 * or with no proof of time, does not.
 */
import { type HashName, digest, sha256, verifySignature } from './algorithms.js';
import { type CertificatePurpose, type RevocationLookup, validateChain } from './chain.js';
import { OID } from './oids.js';
import { type CertificateSummary, type Check, CheckList, type Indication, type SubIndication } from './report.js';
import { type ContentDigest, checkSignedData } from './signer-checks.js';
import { type TimestampReport, verifyToken } from './timestamp-verifier.js';
import { type ParsedCertificate, describeCertificate, parseCertificate } from './x509.js';

export interface TrustConfiguration {
  /** Trust anchors (DER or PEM): the exchange root CA. */
  roots: readonly (Uint8Array | string)[];
  /** Certificates that may complete a path (the issuing CA); not trusted by themselves. */
  intermediates?: readonly (Uint8Array | string)[];
  revocation: RevocationLookup;
}

export interface SignatureReport {
  indication: Indication;
  subIndication?: SubIndication;
  /** Null when the signer certificate could not be identified. */
  signer: CertificateSummary | null;
  /** The time certificate validity and revocation were judged at (ISO 8601). */
  signingTime: string;
  signingTimeSource: 'SIGNATURE_TIMESTAMP' | 'PROOF_OF_EXISTENCE' | 'VALIDATION_TIME';
  validationTime: string;
  /** SHA-256 of the signature value (hex): binds this report to one signature (TS 119 102-2 SignatureIdentifier). */
  signatureValueSha256?: string;
  timestamp?: TimestampReport;
  /** Certificates passed in `options.certificates` that could not be read (by position): left out of the search for the signer. */
  unreadableCertificates?: { index: number; problem: string }[];
  checks: Check[];
  problems: string[];
}

export interface CertificateReport {
  indication: Indication;
  subIndication?: SubIndication;
  certificate: CertificateSummary | null;
  validationTime: string;
  checks: Check[];
  problems: string[];
}

const SIGNATURE_CHECKS = ['FORMAT', 'ALGORITHMS', 'SIGNING_CERTIFICATE', 'MESSAGE_DIGEST', 'SIGNATURE_VALUE', 'SIGNATURE_TIMESTAMP', 'CERTIFICATE_CHAIN', 'CERTIFICATE_VALIDITY', 'REVOCATION'] as const;

export class SignatureVerifier {
  readonly #roots: ParsedCertificate[];
  readonly #intermediates: ParsedCertificate[];
  readonly #revocation: RevocationLookup;

  constructor(trust: TrustConfiguration) {
    this.#roots = trust.roots.map((root) => parseCertificate(root));
    this.#intermediates = (trust.intermediates ?? []).map((certificate) => parseCertificate(certificate));
    this.#revocation = trust.revocation;
  }

  /**
   * Validates a detached CAdES signature (DER) over `content` (or `{ sha256 }` of content too
   * large to hold). `certificates` are where to look for the signer when the CMS does not carry
   * its certificate. `proofOfExistence`: a time the signature is proven to have existed by other
   * evidence (EN 319 102-1 POE), e.g. a timestamp over a record that contains it; it stands in for
   * a signature timestamp. Never throws for bad input: it reports.
   */
  async verifyCades(
    cms: Uint8Array,
    content: Uint8Array | ContentDigest,
    options: { validationTime?: Date; certificates?: readonly (Uint8Array | string)[]; proofOfExistence?: Date } = {},
  ): Promise<SignatureReport> {
    const validationTime = options.validationTime ?? new Date();
    const checks = new CheckList();
    // An unreadable extra certificate is not a candidate; the others still are, and the report says which was dropped.
    const extraCertificates: ParsedCertificate[] = [];
    const unreadableCertificates: { index: number; problem: string }[] = [];
    (options.certificates ?? []).forEach((candidate, index) => {
      try {
        extraCertificates.push(parseCertificate(candidate));
      } catch (error) {
        unreadableCertificates.push({ index, problem: error instanceof Error ? error.message : 'unreadable certificate' });
      }
    });
    const outcome = checkSignedData(cms, checks, {
      contentType: OID.data,
      detachedContent: content,
      extraCertificates,
      allowSigningCertificateV1: false,
    });
    const certificate = outcome?.certificate;

    let timestamp: TimestampReport | undefined;
    let provenTime: Date | undefined;
    if (outcome) {
      const tokens = outcome.signer.unsignedAttributes.filter((attribute) => attribute.type === OID.signatureTimeStampTokenAttr).flatMap((attribute) => attribute.values);
      if (tokens.length === 0) {
        checks.skip('SIGNATURE_TIMESTAMP', 'no signature timestamp (B-B): validated at the validation time');
      } else {
        // Several tokens: each must hold; the earliest genTime is the proof of existence.
        const signatureValue = outcome.signer.signature;
        for (const token of tokens) {
          const { report, tstInfo } = await verifyToken(token.bytes, (hash: HashName) => digest(hash, signatureValue), this.#context(validationTime, outcome.certificates));
          if (!timestamp || report.indication !== 'TOTAL_PASSED') timestamp = report;
          if (report.indication !== 'TOTAL_PASSED') {
            checks.fail('SIGNATURE_TIMESTAMP', 'SIG_CONSTRAINTS_FAILURE', `the signature timestamp is not valid: ${report.problems[0] ?? report.subIndication}`);
            provenTime = undefined;
            break;
          }
          if (tstInfo && (!provenTime || tstInfo.genTime < provenTime)) provenTime = tstInfo.genTime;
        }
        if (provenTime) checks.pass('SIGNATURE_TIMESTAMP', `signature timestamp at ${provenTime.toISOString()} (B-T)`);
      }
    }

    const externalProof = provenTime === undefined ? options.proofOfExistence : undefined;
    if (externalProof && !provenTime) provenTime = externalProof;
    const signingTime = provenTime ?? validationTime;
    if (certificate && !checks.failed('SIGNING_CERTIFICATE')) {
      const chain = await validateChain(certificate, {
        roots: this.#roots,
        untrusted: [...(outcome?.certificates ?? []), ...this.#intermediates],
        at: signingTime,
        proofOfExistence: provenTime !== undefined,
        revocation: this.#revocation,
        purpose: 'signature',
      });
      checks.add(chain.checks);
    }
    checks.skipRemaining(SIGNATURE_CHECKS, 'not reached');
    const { indication, subIndication, problems } = checks.conclude();
    return {
      indication,
      ...(subIndication ? { subIndication } : {}),
      signer: certificate && !checks.failed('SIGNING_CERTIFICATE') ? describeCertificate(certificate) : null,
      signingTime: signingTime.toISOString(),
      signingTimeSource: externalProof ? 'PROOF_OF_EXISTENCE' : provenTime ? 'SIGNATURE_TIMESTAMP' : 'VALIDATION_TIME',
      validationTime: validationTime.toISOString(),
      ...(outcome ? { signatureValueSha256: sha256(outcome.signer.signature).toString('hex') } : {}),
      ...(timestamp ? { timestamp } : {}),
      ...(unreadableCertificates.length > 0 ? { unreadableCertificates } : {}),
      checks: checks.checks,
      problems,
    };
  }

  /**
   * Validates an RFC 3161 TimeStampToken (ContentInfo DER; use `tokenFromResponse` for a
   * TimeStampResp) and that it stamps `imprint`, a digest with the token's hash algorithm
   * (normally SHA-256; pass a function to compute it from the algorithm).
   */
  async verifyTimestampToken(token: Uint8Array, imprint: Buffer | ((hash: HashName) => Buffer), options: { validationTime?: Date } = {}): Promise<TimestampReport> {
    const expected = typeof imprint === 'function' ? imprint : () => imprint;
    const { report } = await verifyToken(token, expected, this.#context(options.validationTime ?? new Date(), []));
    return report;
  }

  /**
   * Validates a certificate on its own, as used now (e.g. certificate login, where a fresh
   * challenge proves the time): path to a trusted root, purpose, validity and revocation at
   * `at`. Expired or revoked certificates give TOTAL_FAILED (EXPIRED, REVOKED).
   */
  async validateCertificate(certificate: Uint8Array | string, options: { at?: Date; purpose?: CertificatePurpose } = {}): Promise<CertificateReport> {
    const at = options.at ?? new Date();
    const checks = new CheckList();
    let parsed: ParsedCertificate | undefined;
    try {
      parsed = parseCertificate(certificate);
      checks.pass('FORMAT', 'a well-formed X.509 certificate');
    } catch (error) {
      checks.fail('FORMAT', 'FORMAT_FAILURE', error instanceof Error ? error.message : 'unreadable certificate');
    }
    if (parsed) {
      const chain = await validateChain(parsed, {
        roots: this.#roots,
        untrusted: this.#intermediates,
        at,
        proofOfExistence: true,
        revocation: this.#revocation,
        purpose: options.purpose ?? 'authentication',
      });
      checks.add(chain.checks);
    }
    checks.skipRemaining(['FORMAT', 'CERTIFICATE_CHAIN', 'CERTIFICATE_VALIDITY', 'REVOCATION'], 'not reached');
    const { indication, subIndication, problems } = checks.conclude();
    return {
      indication,
      ...(subIndication ? { subIndication } : {}),
      certificate: parsed ? describeCertificate(parsed) : null,
      validationTime: at.toISOString(),
      checks: checks.checks,
      problems,
    };
  }

  #context(validationTime: Date, carried: readonly ParsedCertificate[]) {
    return { roots: this.#roots, untrusted: [...carried, ...this.#intermediates], revocation: this.#revocation, validationTime };
  }
}

/**
 * Does `signatureBase64` (standard or URL-safe base64) verify over `data` with the key of
 * `certificate`? ECDSA with SHA-256 (DER, or the 64-byte r||s form WebCrypto produces) or RSA
 * PKCS#1 v1.5 with SHA-256. Only the signature: validate the certificate separately.
 */
export function verifyRawSignature(certificate: Uint8Array | string, data: Uint8Array, signatureBase64: string): boolean {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(signatureBase64.trim())) return false;
  const signature = Buffer.from(signatureBase64.trim(), signatureBase64.includes('-') || signatureBase64.includes('_') ? 'base64url' : 'base64');
  let parsed: ParsedCertificate;
  try {
    parsed = parseCertificate(certificate);
  } catch {
    return false;
  }
  const key = parsed.publicKey;
  if (key.asymmetricKeyType === 'rsa') return verifySignature('rsa-pkcs1', 'sha256', data, signature, key);
  if (key.asymmetricKeyType !== 'ec') return false;
  if (verifySignature('ecdsa', 'sha256', data, signature, key)) return true;
  // Both encodings carry the same (r, s): accepting either gives an attacker nothing.
  return signature.length === 64 && verifySignature('ecdsa', 'sha256', data, signature, key, true);
}
