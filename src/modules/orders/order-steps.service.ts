import { Injectable } from '@nestjs/common';
import { verifyChain, type SignedStep } from '../../../libs/domain/step-chain.js';
import type { Principal } from '../../common/auth/principal.js';
import { Clock } from '../../common/clock.js';
import { CertificatesRepository } from '../pki/certificates.repository.js';
import { ExchangePkiService } from '../pki/exchange-pki.service.js';
import type { StepListDto, VerificationDto } from './dto/order.dto.js';
import type { OrderStepEntity } from './entities/order-step.entity.js';
import { canReadSectionM, mapStep, releaseSeqOf } from './orders.mapper.js';
import { OrdersRepository } from './orders.repository.js';
import { orderNotFound } from './orders.service.js';

/** The signed chain of an order, served and checked (`GET /steps`, `GET /verification`). */
@Injectable()
export class OrderStepsService {
  constructor(
    private readonly orders: OrdersRepository,
    private readonly certificates: CertificatesRepository,
    private readonly exchangePki: ExchangePkiService,
    private readonly clock: Clock,
  ) {}

  async list(principal: Principal, orderId: string): Promise<StepListDto> {
    const found = await this.orders.findVisible(principal.organisationId, orderId);
    if (!found) throw orderNotFound(orderId);
    const readsSectionM = canReadSectionM(found.parties);
    const steps = await this.orders.steps(orderId);
    const releaseSeq = releaseSeqOf(steps);
    return { items: steps.map((step) => mapStep(step, readsSectionM, releaseSeq)) };
  }

  /** Recomputes everything from the stored bytes (libs/domain/step-chain.ts) and names any break. */
  async verify(principal: Principal, orderId: string): Promise<VerificationDto> {
    const found = await this.orders.findVisible(principal.organisationId, orderId);
    if (!found) throw orderNotFound(orderId);
    const steps = await this.orders.steps(orderId);
    const owners = await this.certificates.organisationsOf(steps.map((step) => step.signerFingerprintSha256));
    const seals = await this.certificates.listExchangeCertificates('SEAL');
    return verifyChain(orderId, steps.map(toSignedStep), {
      verifier: this.exchangePki.verifier(),
      // Every seal the exchange ever had: a rotated seal still vouches for the steps it sealed.
      isSeal: (signer) => seals.some((seal) => seal.fingerprintSha256 === signer.fingerprintSha256),
      organisationOf: (signer) => owners.get(signer.fingerprintSha256),
      validationTime: this.clock.now(),
    });
  }
}

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
