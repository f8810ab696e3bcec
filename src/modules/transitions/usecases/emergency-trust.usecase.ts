import { Injectable } from '@nestjs/common';
import type { OrderDto } from '../../orders/dto/order.dto.js';
import type { ChallengeBodyDto, NoteDto } from '../dto/transition.dto.js';
import { StepRunner, type StepRequest } from '../step-runner.js';

/**
 * A second person of the issuing authority vouches for an emergency order (never the one who
 * drafted or issued it): forged emergency requests come from one hijacked account, and a provider
 * can see that a colleague signed too. Every party sees it (`emergencyVerification`).
 */
@Injectable()
export class CountersignOrder {
  constructor(private readonly steps: StepRunner) {}

  execute(request: StepRequest<NoteDto>): Promise<OrderDto> {
    const { principal } = request;
    return this.steps.run(request, { action: 'COUNTERSIGN', plan: () => ({ record: { countersignedBy: { userId: principal.userId, organisationId: principal.organisationId } } }) });
  }
}

/**
 * The provider asks the issuing authority to confirm an emergency order. The step records the
 * challenge (`record.challenge`, kept in the order's history so the order view lists it): the hook
 * for the `order.challenged` event to the issuing authority. It does not stop the clock; a provider
 * that cannot act asks for clarification (Annex III).
 */
@Injectable()
export class ChallengeOrder {
  constructor(private readonly steps: StepRunner) {}

  execute(request: StepRequest<ChallengeBodyDto>): Promise<OrderDto> {
    return this.steps.run(request, { action: 'CHALLENGE', plan: () => ({ record: { challenge: { reason: request.body.reason } } }) });
  }
}
