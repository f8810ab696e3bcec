/**
 * The signed chain of an order's steps (docs/api.md, "A signed step"), built and checked without
 * the server: the offline bundle verifier runs the same checks.
 *
 * Per step:
 * - `intent`: RFC 8785 `{ orderId, action, version, payloadSha256 }`, signed (detached CMS) by the
 *   acting organisation. A client may instead sign `{ orderId, action, version, payload }` for an
 *   action taken after issue (never one that may quote Section M); the step records those bytes.
 * - `canonical`: RFC 8785 of the step's fields, with the SHA-256 of the intent CMS and of the
 *   exchange's `record` (what the exchange derived: the route chosen, the evidence manifest...).
 *   `hash` = SHA-256(canonical); `prevHash` links to the step before (64 zeros for the first).
 * - `seal`: the exchange's detached CMS over `canonical`, and an RFC 3161 token over `hash`.
 */
import { canonicalJson, sha256, type SignatureReport, type SignatureVerifier } from '../pki/index.js';
import { isReceipt } from './order-clocks.js';
import type { ActorRole, OrderAction, OrderStatus } from './order-lifecycle.js';

export const GENESIS_HASH = '0'.repeat(64);

/** How far the timestamp's genTime may sit from the step's `at` (the seal follows within milliseconds). */
const TIMESTAMP_SKEW_MS = 60_000;

export interface StepActor {
  userId: string | null;
  organisationId: string | null;
  role: ActorRole;
}

export interface StepFields {
  seq: number;
  orderId: string;
  action: OrderAction;
  fromStatus: OrderStatus | null;
  toStatus: OrderStatus;
  /** ISO 8601 UTC with milliseconds. */
  at: string;
  actor: StepActor;
  payloadSha256: string;
  prevHash: string;
  intentCmsSha256: string;
  recordSha256: string;
}

/** A step as stored and as served (`GET /steps` decodes the same fields). */
export interface SignedStep {
  fields: StepFields;
  /** Null when withheld (a bundle leaves out drafting payloads, which carry Section M): only its digest is checked, through `canonical`. */
  payload: Buffer | null;
  record: Buffer;
  canonical: Buffer;
  hash: string;
  intentCanonical: Buffer;
  intentCms: Buffer;
  signerFingerprintSha256: string;
  sealCms: Buffer;
  timestampToken: Buffer;
}

export const hex = (bytes: Uint8Array): string => sha256(bytes).toString('hex');

/** What the acting organisation signs (intent version = the order's version before the step; 0 for CREATE). */
export function intentBytes(orderId: string, action: OrderAction, version: number, payloadSha256: string): Buffer {
  return canonicalJson({ orderId, action, version, payloadSha256 });
}

/** The other form a client may sign: the payload itself instead of its digest. */
export function intentBytesWithPayload(orderId: string, action: OrderAction, version: number, payload: unknown): Buffer {
  return canonicalJson({ orderId, action, version, payload });
}

export function stepBytes(fields: StepFields): Buffer {
  return canonicalJson(fields);
}

export interface StepCheck {
  seq: number;
  action: OrderAction;
  /** The acting organisation's intent signature holds, by a certificate of that organisation. */
  signatureValid: boolean;
  /** Canonical bytes, hash, payload, record and link to the previous step all recompute. */
  chainValid: boolean;
  /** The exchange's seal over the canonical bytes holds. */
  sealValid: boolean;
  /** The RFC 3161 token stamps `hash`, at the step's time. */
  timestampValid: boolean;
  signer: { subject: string; fingerprintSha256: string } | null;
  timestampedAt: string | null;
  problems: string[];
}

export interface ChainReport {
  valid: boolean;
  steps: StepCheck[];
  problems: string[];
}

export interface ChainTrust {
  verifier: SignatureVerifier;
  /** Is this (chain-validated) signer one of the exchange's seals? */
  isSeal: (signer: { fingerprintSha256: string; subject: string }) => boolean;
  /** The organisation a signer certificate belongs to, to tie a signature to the acting organisation. */
  organisationOf: (signer: { fingerprintSha256: string; subject: string }) => string | null | undefined;
  /** When to judge validity and revocation; now by default. */
  validationTime?: Date;
}

/**
 * Recomputes everything from the stored bytes and names every break: a changed byte, a missing
 * or reordered step, a signature by someone other than the actor, a timestamp over another hash.
 */
export async function verifyChain(orderId: string, steps: readonly SignedStep[], trust: ChainTrust): Promise<ChainReport> {
  const checks: StepCheck[] = [];
  let prevHash = GENESIS_HASH;
  let previous: StepFields | undefined;
  // Only the steps before the order reached the provider may leave their payload out (Section M).
  const release = steps.find((step) => isReceipt(step.fields))?.fields.seq ?? Number.POSITIVE_INFINITY;
  for (const [index, step] of steps.entries()) {
    const problems: string[] = [];
    const { fields } = step;
    const label = `step ${fields.seq} (${fields.action})`;

    // Chain: the bytes, the digests they name, and the link.
    if (fields.seq !== index + 1) problems.push(`${label}: expected seq ${index + 1}; a step is missing or out of order`);
    if (fields.orderId !== orderId) problems.push(`${label}: belongs to order ${fields.orderId}`);
    if (fields.prevHash !== prevHash) problems.push(`${label}: prevHash does not match the hash of the step before`);
    if (previous && fields.fromStatus !== previous.toStatus) problems.push(`${label}: starts from ${fields.fromStatus}, but the step before left the order ${previous.toStatus}`);
    if (previous && Date.parse(fields.at) < Date.parse(previous.at)) problems.push(`${label}: dated before the step before`);
    if (!previous && (fields.action !== 'CREATE' || fields.fromStatus !== null)) problems.push(`${label}: the first step must create the order`);
    if (!stepBytes(fields).equals(step.canonical)) problems.push(`${label}: canonical bytes do not match the step's fields`);
    if (hex(step.canonical) !== step.hash) problems.push(`${label}: hash is not the SHA-256 of the canonical bytes`);
    if (step.payload !== null && hex(step.payload) !== fields.payloadSha256) problems.push(`${label}: payload does not match payloadSha256`);
    if (step.payload === null && fields.seq >= release) problems.push(`${label}: its payload is missing; only the steps before the order was issued may leave it out`);
    if (hex(step.record) !== fields.recordSha256) problems.push(`${label}: record does not match recordSha256`);
    if (hex(step.intentCms) !== fields.intentCmsSha256) problems.push(`${label}: intent signature does not match intentCmsSha256`);
    const chainValid = problems.length === 0;

    // Timestamp first: its genTime is the proof of existence for both signatures.
    const validationTime = trust.validationTime;
    const stamp = await trust.verifier.verifyTimestampToken(step.timestampToken, Buffer.from(step.hash, 'hex'), { validationTime });
    let timestampValid = stamp.indication === 'TOTAL_PASSED';
    if (!timestampValid) problems.push(`${label}: timestamp: ${stamp.problems[0] ?? stamp.subIndication}`);
    const genTime = stamp.genTime ? new Date(stamp.genTime) : undefined;
    if (timestampValid && genTime && Math.abs(genTime.getTime() - Date.parse(fields.at)) > TIMESTAMP_SKEW_MS) {
      timestampValid = false;
      problems.push(`${label}: timestamp genTime ${stamp.genTime} is not the step's time ${fields.at}`);
    }
    const proofOfExistence = timestampValid ? genTime : undefined;

    const seal = await trust.verifier.verifyCades(step.sealCms, step.canonical, { proofOfExistence, validationTime });
    const sealValid = seal.indication === 'TOTAL_PASSED' && seal.signer !== null && trust.isSeal(seal.signer);
    if (!sealValid) problems.push(`${label}: seal: ${reportProblem(seal, 'not made by the exchange\'s seal certificate')}`);

    const intent = await trust.verifier.verifyCades(step.intentCms, step.intentCanonical, { proofOfExistence, validationTime });
    const intentProblems = intentFieldProblems(step, orderId);
    const signer = intent.signer;
    if (intent.indication !== 'TOTAL_PASSED') intentProblems.push(reportProblem(intent, 'does not verify'));
    else if (signer?.fingerprintSha256 !== step.signerFingerprintSha256) intentProblems.push('signed by another certificate than the one recorded');
    else if (!signedByActor(fields.actor, signer, trust)) intentProblems.push(`signer ${signer.subject} is not of the acting organisation`);
    for (const problem of intentProblems) problems.push(`${label}: intent: ${problem}`);

    checks.push({
      seq: fields.seq,
      action: fields.action,
      signatureValid: intentProblems.length === 0,
      chainValid,
      sealValid,
      timestampValid,
      signer: signer ? { subject: signer.subject, fingerprintSha256: signer.fingerprintSha256 } : null,
      timestampedAt: stamp.genTime ?? null,
      problems,
    });
    prevHash = step.hash;
    previous = fields;
  }
  const problems = checks.flatMap((check) => check.problems);
  return { valid: steps.length > 0 && problems.length === 0, steps: checks, problems: steps.length === 0 ? ['the order has no steps'] : problems };
}

function reportProblem(report: SignatureReport, fallback: string): string {
  return report.indication === 'TOTAL_PASSED' ? fallback : (report.problems[0] ?? `${report.indication} ${report.subIndication ?? ''}`.trim());
}

/** The intent must name this order, this action, the version before the step, and this payload. */
function intentFieldProblems(step: SignedStep, orderId: string): string[] {
  let intent: Record<string, unknown>;
  try {
    intent = JSON.parse(step.intentCanonical.toString('utf8')) as Record<string, unknown>;
  } catch {
    return ['the signed intent is not JSON'];
  }
  const { fields } = step;
  const problems: string[] = [];
  // A client signing its CREATE cannot know the id the exchange will give: it signs null.
  const createdByClient = fields.action === 'CREATE' && intent.orderId === null;
  if (intent.orderId !== orderId && !createdByClient) problems.push('names another order');
  if (intent.action !== fields.action) problems.push(`names action ${String(intent.action)}`);
  if (intent.version !== fields.seq - 1) problems.push(`names version ${String(intent.version)}, not ${fields.seq - 1}`);
  const payloadDigest = 'payload' in intent ? hex(canonicalJson(intent.payload)) : intent.payloadSha256;
  if (payloadDigest !== fields.payloadSha256) problems.push('covers another payload');
  return problems;
}

function signedByActor(actor: StepActor, signer: { fingerprintSha256: string; subject: string }, trust: ChainTrust): boolean {
  if (actor.role === 'SYSTEM') return trust.isSeal(signer);
  return actor.organisationId !== null && trust.organisationOf(signer) === actor.organisationId;
}

/**
 * Is `subject` the exchange's seal under a root whose subject is `rootSubject`? The exchange's
 * own certificates are named `CN=<exchange> <role>,O=<exchange>` after the root's O; organisation
 * certificates always carry `organizationIdentifier=EVX-<id>`, so no organisation can hold one.
 */
export function isExchangeSealSubject(subject: string, rootSubject: string): boolean {
  const exchange = /(?:^|,)O=((?:[^,\\]|\\.)+)/.exec(rootSubject)?.[1];
  const rest = rootSubject.replace(/^CN=(?:[^,\\]|\\.)+,/, '');
  return exchange !== undefined && rest !== rootSubject && subject === `CN=${exchange} Seal,${rest}`;
}

/**
 * The organisation of a certificate the exchange CA issued, from its subject: the exchange writes
 * `organizationIdentifier=EVX-<organisation id>` into every organisation certificate. Trustworthy
 * once the certificate's path to the exchange root has been validated.
 */
export function organisationOfSubject(subject: string): string | null {
  return /organizationIdentifier=EVX-([0-9a-f-]{36})/.exec(subject)?.[1] ?? null;
}
