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

/** The payload of a step as signed: the request body without its signature, in RFC 8785 bytes. */
export interface StepPayload {
  value: Record<string, unknown>;
  bytes: Buffer;
  sha256: string;
}

/** What the acting organisation signed, ready to go into a step. */
export interface SignedIntent {
  canonical: Buffer;
  cms: Buffer;
  signerFingerprintSha256: string;
  signedBy: 'CLIENT' | 'CUSTODIAL' | 'EXCHANGE';
  /** The order version the intent names; the step must apply to exactly that version. */
  version: number;
}

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

/** Signs steps: the actor's intent, then the exchange's seal and timestamp (docs/api.md, "A signed step"). */
@Injectable()
export class StepSigningService {
  /** Custodial signers by certificate id: creating one reads the certificate and the key's public half. */
  private readonly custodial = new Map<string, CadesSigner>();

  constructor(
    @Inject(KEY_STORE) private readonly keyStore: KeyStore,
    private readonly exchangePki: ExchangePkiService,
    private readonly certificates: CertificatesRepository,
    private readonly clock: Clock,
  ) {}

  /** The payload as signed: the request body without its signature, in RFC 8785 bytes. */
  payloadOf(body: object): StepPayload {
    const value = JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
    delete value.signature;
    const bytes = canonicalJson(value);
    return { value, bytes, sha256: hex(bytes) };
  }

  /**
   * The acting organisation's signed intent for a step on `version` of the order: the client's
   * detached CMS verified (either form, see libs/domain/step-chain.ts), or a signature by the
   * organisation's custodial key. Made before the row lock: the step then applies only if the
   * order is still at `version`.
   */
  async intent(
    principal: Principal,
    signatureBase64: string | undefined,
    intent: { orderId: string; clientOrderId?: string | null; action: OrderAction; version: number; payload: StepPayload },
  ): Promise<SignedIntent> {
    if (signatureBase64 !== undefined) {
      // A client cannot know the id the exchange gives a new order: its CREATE intent names orderId null.
      return this.verifyClient(principal, signatureBase64, { ...intent, orderId: intent.clientOrderId === undefined ? intent.orderId : intent.clientOrderId });
    }
    const signer = await this.custodialSigner(principal);
    if (!signer) {
      throw new DomainError('SIGNATURE_REQUIRED', `${principal.organisationName} holds no custodial key: sign the intent and send it as \`signature\`.`, {
        errors: [{ field: 'signature', message: 'is required: this organisation signs its own actions' }],
      });
    }
    const canonical = intentBytes(intent.orderId, intent.action, intent.version, intent.payload.sha256);
    return { canonical, cms: await signer.sign(canonical), signerFingerprintSha256: signer.certificate.fingerprintSha256, signedBy: 'CUSTODIAL', version: intent.version };
  }

  /** The exchange's own intent, for the steps its clock takes (sealed by the exchange). */
  async exchangeIntent(orderId: string, action: OrderAction, version: number, payload: StepPayload): Promise<SignedIntent> {
    const canonical = intentBytes(orderId, action, version, payload.sha256);
    const seal = this.exchangePki.seal();
    return { canonical, cms: await seal.sign(canonical), signerFingerprintSha256: seal.certificate.fingerprintSha256, signedBy: 'EXCHANGE', version };
  }

  /**
   * The caller's organisation's current custodial key as a signer (steps, signed documents), or
   * null. Which certificate is current comes with the principal, read afresh on every request; a
   * signer is made once per certificate.
   */
  async custodialSigner(principal: Pick<Principal, 'custodialCertificateId'>): Promise<CadesSigner | null> {
    const id = principal.custodialCertificateId;
    if (!id) return null;
    let signer = this.custodial.get(id);
    if (!signer) {
      const certificate = await this.certificates.findById(id);
      if (!certificate?.keyId) return null;
      await this.keyStore.warm(certificate.keyId);
      signer = await CadesSigner.create(this.keyStore, certificate.keyId, certificate.der, [this.exchangePki.issuer().certificate]);
      this.custodial.set(id, signer);
    }
    return signer;
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
    intent: { orderId: string | null; action: OrderAction; version: number; payload: StepPayload },
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
