/**
 * X.509 path building and validation (RFC 5280 6, reduced to what this exchange needs): find a
 * path from a certificate to a trusted root, check CA constraints, the leaf's purpose, validity
 * at a given time and revocation through a caller-supplied lookup.
 */
import type { RevocationReason } from './crl.js';
import { OID } from './oids.js';
import type { Check, SubIndication } from './report.js';
import { CHECKS } from './report.js';
import { type ParsedCertificate, UNDERSTOOD_EXTENSIONS, isSignedBy } from './x509.js';

export interface RevocationStatus {
  revokedAt: Date;
  reason: RevocationReason;
}

/**
 * Is this certificate revoked? `null` means "not revoked". Throwing (or rejecting) means the
 * status is unknown: the result is then INDETERMINATE / TRY_LATER, never a pass.
 */
export type RevocationLookup = (certificate: { issuer: string; serialNumber: string; fingerprintSha256: string }) => RevocationStatus | null | Promise<RevocationStatus | null>;

/** What the certificate at the end of the path is being used for. */
export type CertificatePurpose = 'signature' | 'timestamping' | 'authentication';

export interface ChainOptions {
  roots: readonly ParsedCertificate[];
  /** Certificates that may complete the path but are not trusted by themselves. */
  untrusted: readonly ParsedCertificate[];
  /** The time to validate at: the proven signing time, or the validation time. */
  at: Date;
  /** True when `at` is proven (a verified timestamp, a fresh challenge), false when it is only "now". */
  proofOfExistence: boolean;
  revocation: RevocationLookup;
  purpose: CertificatePurpose;
}

export interface ChainOutcome {
  /** Leaf first, trusted root last; empty when no path was found. */
  path: ParsedCertificate[];
  /** CERTIFICATE_CHAIN, CERTIFICATE_VALIDITY and REVOCATION, in that order. */
  checks: Check[];
}

const MAX_PATH_LENGTH = 6;
const EKU_ANY = '2.5.29.37.0';
const EKU_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const EKU_EMAIL_PROTECTION = '1.3.6.1.5.5.7.3.4';
const EKU_DOCUMENT_SIGNING = '1.3.6.1.5.5.7.3.36';

export async function validateChain(leaf: ParsedCertificate, options: ChainOptions): Promise<ChainOutcome> {
  const check = (name: 'CERTIFICATE_CHAIN' | 'CERTIFICATE_VALIDITY' | 'REVOCATION', subIndication: SubIndication | undefined, detail: string): Check =>
    subIndication ? { name, block: CHECKS[name], status: 'FAILED', subIndication, detail } : { name, block: CHECKS[name], status: 'PASSED', detail };
  const notChecked = (name: 'CERTIFICATE_VALIDITY' | 'REVOCATION'): Check => ({ name, block: CHECKS[name], status: 'NOT_CHECKED', detail: 'no certificate path' });

  const { complete, path } = buildPath(leaf, options.roots, options.untrusted);
  if (!complete) {
    return { path: [], checks: [check('CERTIFICATE_CHAIN', 'NO_CERTIFICATE_CHAIN_FOUND', explainMissingPath(path, options)), notChecked('CERTIFICATE_VALIDITY'), notChecked('REVOCATION')] };
  }
  const constraintProblem = pathConstraintProblem(path) ?? purposeProblem(leaf, options.purpose);
  const chainCheck = constraintProblem
    ? check('CERTIFICATE_CHAIN', 'CHAIN_CONSTRAINTS_FAILURE', constraintProblem)
    : check('CERTIFICATE_CHAIN', undefined, `path of ${path.length} to trusted root ${path.at(-1)!.subject}`);
  return { path, checks: [chainCheck, validityCheck(path, options, check), await revocationCheck(path, options, check)] };
}

/** A path to a trusted root, or the longest partial path found (to explain the failure). */
function buildPath(leaf: ParsedCertificate, roots: readonly ParsedCertificate[], untrusted: readonly ParsedCertificate[]): { complete: boolean; path: ParsedCertificate[] } {
  let longest = [leaf];
  const search = (path: ParsedCertificate[]): ParsedCertificate[] | undefined => {
    if (path.length > longest.length) longest = path;
    const current = path[path.length - 1];
    const root = roots.find((candidate) => issued(candidate, current));
    if (root) return root.fingerprintSha256 === current.fingerprintSha256 ? path : [...path, root];
    if (path.length >= MAX_PATH_LENGTH) return undefined;
    for (const candidate of untrusted) {
      if (path.some((member) => member.fingerprintSha256 === candidate.fingerprintSha256)) continue;
      if (!issued(candidate, current)) continue;
      const found = search([...path, candidate]);
      if (found) return found;
    }
    return undefined;
  };
  const found = search([leaf]);
  return found ? { complete: true, path: found } : { complete: false, path: longest };
}

/** Names chain, key identifiers agree, and the signature verifies. */
function issued(issuer: ParsedCertificate, subject: ParsedCertificate): boolean {
  if (!issuer.subjectDer.equals(subject.issuerDer)) return false;
  if (subject.authorityKeyIdentifier && issuer.subjectKeyIdentifier && !subject.authorityKeyIdentifier.equals(issuer.subjectKeyIdentifier)) return false;
  return isSignedBy(subject, issuer);
}

function explainMissingPath(partial: readonly ParsedCertificate[], options: ChainOptions): string {
  const last = partial[partial.length - 1];
  const from = partial.length > 1 ? `${partial[0].subject} chains to ${last.subject}, but that` : last.subject;
  if (last.issuerDer.equals(last.subjectDer) && isSignedBy(last, last)) return `${from} is a self-signed certificate that is not a trusted root`;
  const namesake = [...options.roots, ...options.untrusted].some((candidate) => candidate.subjectDer.equals(last.issuerDer));
  return namesake
    ? `${from} names ${last.issuer} as issuer, and no certificate of that name has the key that signed it`
    : `${from} was issued by ${last.issuer}, which is neither trusted nor supplied`;
}

function pathConstraintProblem(path: readonly ParsedCertificate[]): string | undefined {
  for (const [index, certificate] of path.entries()) {
    const unknown = certificate.extensions.find((extension) => extension.critical && !UNDERSTOOD_EXTENSIONS.has(extension.oid));
    if (unknown) return `${certificate.subject} has an unknown critical extension ${unknown.oid}`;
    if (index === 0) continue;
    // Every issuer in the path must be a CA allowed to sign certificates, within its path length.
    if (!certificate.basicConstraints?.ca) return `${certificate.subject} issued a certificate but is not a CA (basicConstraints)`;
    if (certificate.keyUsage && !certificate.keyUsage.has('keyCertSign')) return `${certificate.subject} lacks the keyCertSign key usage`;
    const pathLength = certificate.basicConstraints.pathLength;
    const casBelow = index - 1;
    if (pathLength !== undefined && casBelow > pathLength) return `${certificate.subject} allows ${pathLength} CA certificates below it, found ${casBelow}`;
  }
  return undefined;
}

function purposeProblem(leaf: ParsedCertificate, purpose: CertificatePurpose): string | undefined {
  const usage = leaf.keyUsage;
  const eku = leaf.extendedKeyUsage;
  if (purpose === 'timestamping') {
    // RFC 3161 2.3: the one extended key usage is id-kp-timeStamping, and it is critical.
    if (!eku || eku.purposes.length !== 1 || eku.purposes[0] !== OID.kpTimeStamping) return `${leaf.subject} lacks the id-kp-timeStamping extended key usage (as its only one)`;
    if (!eku.critical) return `${leaf.subject}: the id-kp-timeStamping extended key usage is not critical`;
    if (usage && (![...usage].every((bit) => bit === 'digitalSignature' || bit === 'nonRepudiation') || usage.size === 0)) {
      return `${leaf.subject}: a TSA key usage may only be digitalSignature and/or nonRepudiation`;
    }
    return undefined;
  }
  if (purpose === 'signature') {
    if (usage && !usage.has('digitalSignature') && !usage.has('nonRepudiation')) return `${leaf.subject} may not sign: key usage lacks digitalSignature and nonRepudiation`;
    if (eku && !eku.purposes.some((p) => p === EKU_EMAIL_PROTECTION || p === EKU_DOCUMENT_SIGNING || p === EKU_ANY)) return `${leaf.subject}: its extended key usage does not allow signing documents`;
    return undefined;
  }
  if (usage && !usage.has('digitalSignature')) return `${leaf.subject} may not authenticate: key usage lacks digitalSignature`;
  if (eku && !eku.purposes.some((p) => p === EKU_CLIENT_AUTH || p === EKU_EMAIL_PROTECTION || p === EKU_ANY)) return `${leaf.subject}: its extended key usage does not allow client authentication`;
  return undefined;
}

type MakeCheck = (name: 'CERTIFICATE_VALIDITY' | 'REVOCATION', subIndication: SubIndication | undefined, detail: string) => Check;

function validityCheck(path: readonly ParsedCertificate[], options: ChainOptions, check: MakeCheck): Check {
  const at = options.at;
  for (const certificate of path) {
    if (at < certificate.notBefore) return check('CERTIFICATE_VALIDITY', 'NOT_YET_VALID', `${certificate.subject} is not valid before ${certificate.notBefore.toISOString()} (checked at ${at.toISOString()})`);
    if (at > certificate.notAfter) {
      // With a proven time after expiry the signature was made with an expired certificate;
      // without one, it may have been made in time: EN 319 102-1 says INDETERMINATE.
      return options.proofOfExistence
        ? check('CERTIFICATE_VALIDITY', 'EXPIRED', `${certificate.subject} expired at ${certificate.notAfter.toISOString()}, before the proven time ${at.toISOString()}`)
        : check('CERTIFICATE_VALIDITY', 'OUT_OF_BOUNDS_NO_POE', `${certificate.subject} expired at ${certificate.notAfter.toISOString()} and nothing proves the signature existed before`);
    }
  }
  return check('CERTIFICATE_VALIDITY', undefined, `every certificate of the path is valid at ${at.toISOString()}`);
}

async function revocationCheck(path: readonly ParsedCertificate[], options: ChainOptions, check: MakeCheck): Promise<Check> {
  const notes: string[] = [];
  // The trust anchor is not looked up: removing it from the trust list is how it is revoked.
  for (const [index, certificate] of path.slice(0, -1).entries()) {
    let status: RevocationStatus | null;
    try {
      status = await options.revocation({ issuer: certificate.issuer, serialNumber: certificate.serialNumber, fingerprintSha256: certificate.fingerprintSha256 });
    } catch {
      return check('REVOCATION', 'TRY_LATER', `the revocation status of ${certificate.subject} is unavailable`);
    }
    if (!status) continue;
    const when = `revoked at ${status.revokedAt.toISOString()} (${status.reason})`;
    // RFC 3161 4: a TSA key that was compromised taints every token it ever made.
    const compromisedTsa = options.purpose === 'timestamping' && (status.reason === 'keyCompromise' || status.reason === 'cACompromise');
    if (status.revokedAt <= options.at || compromisedTsa) {
      const sub: SubIndication = options.proofOfExistence ? 'REVOKED' : index === 0 ? 'REVOKED_NO_POE' : 'REVOKED_CA_NO_POE';
      const proof = options.proofOfExistence ? `, before the proven time ${options.at.toISOString()}` : ' and nothing proves the signature existed before';
      return check('REVOCATION', sub, `${certificate.subject} was ${when}${compromisedTsa ? '' : proof}`);
    }
    notes.push(`${certificate.subject} was ${when}, after ${options.at.toISOString()}`);
  }
  return check('REVOCATION', undefined, notes.length ? notes.join('; ') : 'no certificate of the path is revoked');
}
