import { Injectable } from '@nestjs/common';
import { validationError } from '../../../common/errors/api-error.js';
import type { OrderDto } from '../../orders/dto/order.dto.js';
import type { ValidateDto } from '../dto/transition.dto.js';
import { StepRunner, type StepPlan, type StepRequest } from '../step-runner.js';
import { Delivery } from './delivery.js';

/**
 * A judicial authority decides (Reg. 2023/1543 Art 4): approving a pending order issues it (the
 * provider receives it); approving an emergency order issued without prior validation validates it
 * ex post (Art 4(5)). Refusing returns a pending order to its drafter, and withdraws an emergency
 * order. The first candidate to decide becomes the validator; the others drop out.
 */
@Injectable()
export class ValidateOrder {
  constructor(
    private readonly steps: StepRunner,
    private readonly delivery: Delivery,
  ) {}

  execute(request: StepRequest<ValidateDto>): Promise<OrderDto> {
    const { body, principal } = request;
    if (body.decision === 'REFUSE' && !body.reason) throw validationError([{ field: 'reason', message: 'is required when refusing: say why, the drafter reads it' }]);
    const approve = body.decision === 'APPROVE';
    return this.steps.run(request, {
      action: approve ? 'VALIDATE' : 'REFUSE_VALIDATION',
      plan: async ({ order, now, decision }): Promise<StepPlan> => {
        const pending = order.status === 'PENDING_VALIDATION';
        const validator = { removeParties: ['VALIDATION_CANDIDATE' as const], addParties: [{ organisationId: principal.organisationId, party: 'VALIDATING' as const }], changes: { validatingOrganisationId: principal.organisationId } };
        if (!approve && pending) return { removeParties: ['VALIDATION_CANDIDATE'], changes: { validatingOrganisationId: null }, record: { decision: 'REFUSE', returnedToDrafter: true } };
        if (!pending) return { ...validator, record: { decision: body.decision, exPost: true, validatedBy: principal.organisationId } };
        // Issued: to the provider, or to the first authority of the route (the Home Office certifies an OPO).
        const delivered = await this.delivery.release(order, decision.to, now);
        return { ...validator, addParties: [...validator.addParties, ...delivered.addParties], record: { decision: 'APPROVE', validatedBy: principal.organisationId, ...delivered.record } };
      },
    });
  }
}
