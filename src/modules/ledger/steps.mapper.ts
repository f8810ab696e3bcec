import { readsStepPayload, type RecordedParty } from '../../../libs/domain/order-access.js';
import type { SignedStep } from '../../../libs/domain/step-chain.js';
import type { StepDto } from './dto/step.dto.js';
import type { OrderStepEntity } from './entities/order-step.entity.js';
import type { LoggedStep } from './ledger.repository.js';

/** Who took the steps, by name: the directory's names beside the ids the steps sign. */
export interface StepNames {
  people: ReadonlyMap<string, string>;
  organisations: ReadonlyMap<string, string>;
}

/** A step as served: every party reads the chain; the payload and record as `readsStepPayload` allows. */
export function mapStep(step: LoggedStep, parties: readonly RecordedParty[], release: number, names: StepNames): StepDto {
  return {
    seq: step.seq,
    action: step.action,
    fromStatus: step.fromStatus,
    toStatus: step.toStatus,
    at: step.at.toISOString(),
    actor: {
      userId: step.actorUserId,
      organisationId: step.actorOrganisationId,
      role: step.actorRole,
      name: step.actorUserId ? (names.people.get(step.actorUserId) ?? null) : null,
      organisationName: step.actorOrganisationId ? (names.organisations.get(step.actorOrganisationId) ?? null) : null,
    },
    payloadSha256: step.payloadSha256,
    prevHash: step.prevHash,
    hash: step.hash,
    canonical: step.canonical.toString('base64'),
    intent: { canonical: step.intentCanonical.toString('base64'), cms: step.intentCms.toString('base64'), signerFingerprintSha256: step.signerFingerprintSha256, signedBy: step.signedBy },
    seal: { cms: step.sealCms.toString('base64'), timestampToken: step.timestampToken.toString('base64') },
    log: step.logIndex === null ? null : { index: step.logIndex },
    ...(readsStepPayload(parties, step.seq, release)
      ? { record: JSON.parse(step.record.toString('utf8')) as Record<string, unknown>, payload: JSON.parse(step.payload.toString('utf8')) as Record<string, unknown> }
      : {}),
  };
}

/** A stored step as libs/domain checks it (the same function the offline verifier runs). */
export function toSignedStep(step: OrderStepEntity): SignedStep {
  const canonical = JSON.parse(step.canonical.toString('utf8')) as { intentCmsSha256: string; recordSha256: string };
  return {
    // The fields as stored in their own columns; `canonical` is compared against them.
    fields: {
      seq: step.seq,
      orderId: step.orderId,
      action: step.action,
      fromStatus: step.fromStatus,
      toStatus: step.toStatus,
      at: step.at.toISOString(),
      actor: { userId: step.actorUserId, organisationId: step.actorOrganisationId, role: step.actorRole },
      payloadSha256: step.payloadSha256,
      prevHash: step.prevHash,
      intentCmsSha256: canonical.intentCmsSha256,
      recordSha256: canonical.recordSha256,
    },
    payload: step.payload,
    record: step.record,
    canonical: step.canonical,
    hash: step.hash,
    intentCanonical: step.intentCanonical,
    intentCms: step.intentCms,
    signerFingerprintSha256: step.signerFingerprintSha256,
    sealCms: step.sealCms,
    timestampToken: step.timestampToken,
  };
}
