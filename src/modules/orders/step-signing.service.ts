import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../../../libs/domain/errors.js';
import { POST_ISSUE_ACTIONS, type OrderAction, type OrderStatus } from '../../../libs/domain/order-lifecycle.js';
import { hex, intentBytes, intentBytesWithPayload, stepBytes, type SignedStep, type StepActor } from '../../../libs/domain/step-chain.js';
import { CadesSigner, canonicalJson, type KeyStore } from '../../../libs/pki/index.js';
import type { Principal } from '../../common/auth/principal.js';
import { Clock } from '../../common/clock.js';
import { CertificatesRepository } from '../pki/certificates.repository.js';
import { ExchangePkiService } from '../pki/exchange-pki.service.js';
import { KEY_STORE } from '../pki/key-store.provider.js';

/** What the acting organisation signed, ready to go into a step. */
export interface SignedIntent {
  canonical: Buffer;
  cms: Buffer;
  signerFingerprintSha256: string;
  signedBy: 'CLIENT' | 'CUSTODIAL' | 'EXCHANGE';
  /** The order version the intent names; the step must apply to exactly that version. */
  version: number;
}

/**
 * Who signs an intent. Resolved before the database transaction: verifying a client signature
 * reads certificates and revocations, and with the embedded database's single connection no
 * query may run beside an open transaction. A custodial or exchange signer then signs inside the
 * transaction, in memory, with the version it finds under the row lock.
 */
export type IntentSigner =
  | { kind: 'CLIENT'; intent: SignedIntent }
  | { kind: 'CUSTODIAL'; signer: CadesSigner }
  | { kind: 'EXCHANGE' }
  | { kind: 'MISSING'; organisationName: string };

export interface StepDraft {
  seq: number;
  orderId: string;
  action: OrderAction;
  fromStatus: OrderStatus | null;
  toStatus: OrderStatus;
  at: Date;
  actor: StepActor;
  payload: Buffer;
  record: Buffer;
  prevHash: string;
  intent: SignedIntent;
}

/** Signs steps: the actor's intent, then the exchange's seal and timestamp (API.md "A signed step"). */
@Injectable()
export class StepSigningService {
  /** Custodial signers by key id: creating one reads the key's public half. */
  private readonly custodial = new Map<string, CadesSigner>();

  constructor(
    @Inject(KEY_STORE) private readonly keyStore: KeyStore,
    private readonly exchangePki: ExchangePkiService,
    private readonly certificates: CertificatesRepository,
    private readonly clock: Clock,
  ) {}

  /** The payload as signed: the request body without its signature, in RFC 8785 bytes. */
  payloadOf(body: object): { value: Record<string, unknown>; bytes: Buffer; sha256: string } {
    const value = JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
    delete value.signature;
    const bytes = canonicalJson(value);
    return { value, bytes, sha256: hex(bytes) };
  }

  /**
   * The signer for `principal`'s organisation. With `signatureBase64`, the client's detached CMS
   * is verified now over the intent for `version` (either form, see libs/domain/step-chain.ts).
   */
  async signerFor(
    principal: Principal,
    signatureBase64: string | undefined,
    intent: { orderId: string | null; action: OrderAction; version: number; payload: { value: unknown; sha256: string } },
  ): Promise<IntentSigner> {
    if (signatureBase64 !== undefined) return { kind: 'CLIENT', intent: await this.verifyClient(principal, signatureBase64, intent) };
    const signer = await this.custodialSigner(principal.organisationId);
    // Without a custodial key the caller must sign; said only once the order and the action are
    // known to be visible and allowed, so a stranger still gets 404 and a wrong role 403.
    return signer ? { kind: 'CUSTODIAL', signer } : { kind: 'MISSING', organisationName: principal.organisationName };
  }

  /** The organisation's current custodial key as a signer (steps, signed documents), or null. */
  async custodialSigner(organisationId: string): Promise<CadesSigner | null> {
    const certificate = await this.certificates.findCustodial(organisationId);
    if (!certificate?.keyId) return null;
    let signer = this.custodial.get(certificate.keyId);
    if (!signer) {
      await this.keyStore.warm(certificate.keyId);
      signer = await CadesSigner.create(this.keyStore, certificate.keyId, certificate.der, [this.exchangePki.issuer().certificate]);
      this.custodial.set(certificate.keyId, signer);
    }
    return signer;
  }

  /** Signs (or takes the client's signature for) the intent; in memory, so safe inside a transaction. */
  async sign(signer: IntentSigner, orderId: string, action: OrderAction, version: number, payloadSha256: string): Promise<SignedIntent> {
    if (signer.kind === 'CLIENT') return signer.intent;
    if (signer.kind === 'MISSING') {
      throw new DomainError('SIGNATURE_REQUIRED', `${signer.organisationName} holds no custodial key: sign the intent and send it as \`signature\`.`, {
        errors: [{ field: 'signature', message: 'is required: this organisation signs its own actions' }],
      });
    }
    const canonical = intentBytes(orderId, action, version, payloadSha256);
    const cades = signer.kind === 'CUSTODIAL' ? signer.signer : this.exchangePki.seal();
    return { canonical, cms: await cades.sign(canonical), signerFingerprintSha256: cades.certificate.fingerprintSha256, signedBy: signer.kind, version };
  }

  /** Seals and timestamps a step: everything after this is stored as is. */
  async seal(draft: StepDraft): Promise<SignedStep> {
    const fields = {
      seq: draft.seq,
      orderId: draft.orderId,
      action: draft.action,
      fromStatus: draft.fromStatus,
      toStatus: draft.toStatus,
      at: draft.at.toISOString(),
      actor: draft.actor,
      payloadSha256: hex(draft.payload),
      prevHash: draft.prevHash,
      intentCmsSha256: hex(draft.intent.cms),
      recordSha256: hex(draft.record),
    };
    const canonical = stepBytes(fields);
    const hash = hex(canonical);
    const [sealCms, timestampToken] = await Promise.all([this.exchangePki.seal().sign(canonical), this.exchangePki.tsa().timestamp(Buffer.from(hash, 'hex'))]);
    return {
      fields,
      payload: draft.payload,
      record: draft.record,
      canonical,
      hash,
      intentCanonical: draft.intent.canonical,
      intentCms: draft.intent.cms,
      signerFingerprintSha256: draft.intent.signerFingerprintSha256,
      sealCms,
      timestampToken,
    };
  }

  private async verifyClient(
    principal: Principal,
    signatureBase64: string,
    intent: { orderId: string | null; action: OrderAction; version: number; payload: { value: unknown; sha256: string } },
  ): Promise<SignedIntent> {
    const invalid = (message: string) =>
      new DomainError('SIGNATURE_INVALID', `The signature does not verify: ${message}`, { errors: [{ field: 'signature', message }] });
    const cms = Buffer.from(signatureBase64, 'base64');
    if (cms.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(signatureBase64)) throw invalid('must be a base64 DER detached CMS');
    const own = await this.certificates.listForOrganisation(principal.organisationId);
    // Either form of the intent (digest or payload); the step records whichever was signed. Steps
    // that can come before the order is issued may quote Section M (a draft, a refusal reason):
    // their intent must name the payload by digest, since every party reads the intent.
    const forms = [
      intentBytes(intent.orderId as string, intent.action, intent.version, intent.payload.sha256),
      ...((POST_ISSUE_ACTIONS as readonly OrderAction[]).includes(intent.action) ? [intentBytesWithPayload(intent.orderId as string, intent.action, intent.version, intent.payload.value)] : []),
    ];
    let lastProblem = 'it covers neither form of the intent';
    for (const canonical of forms) {
      const report = await this.exchangePki.verifier().verifyCades(cms, canonical, { certificates: own.map((c) => c.der), validationTime: this.clock.now() });
      if (report.indication !== 'TOTAL_PASSED') {
        lastProblem = report.problems[0] ?? `${report.indication} ${report.subIndication ?? ''}`;
        if (report.subIndication === 'HASH_FAILURE') continue;
        throw invalid(lastProblem);
      }
      const fingerprint = report.signer?.fingerprintSha256;
      if (!own.some((certificate) => certificate.fingerprintSha256 === fingerprint)) {
        throw invalid(`signed by ${report.signer?.subject ?? 'an unknown certificate'}, which is not a certificate of ${principal.organisationName}`);
      }
      return { canonical, cms, signerFingerprintSha256: fingerprint!, signedBy: 'CLIENT', version: intent.version };
    }
    throw invalid(`${lastProblem}; sign the RFC 8785 JSON of { orderId, action: "${intent.action}", version: ${intent.version}, payloadSha256 }`);
  }
}
