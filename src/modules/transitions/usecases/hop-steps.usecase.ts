import { Injectable } from '@nestjs/common';
import { validationError } from '../../../common/errors/api-error.js';
import type { OrderDto } from '../../orders/dto/order.dto.js';
import type { CertifyDto, ForwardDto } from '../dto/transition.dto.js';
import { StepRunner, type StepPlan, type StepRequest } from '../step-runner.js';
import { Delivery } from './delivery.js';

const reasonRequired = () => validationError([{ field: 'reason', message: 'is required when refusing: say why, the issuing authority reads it' }]);

/**
 * A designated authority certifies an order under a data access agreement, or refuses to (UK-US
 * Agreement Art 5; COPOA 2019 s.9: the Home Office checks an overseas production order against
 * the agreement before serving it). Certified, the order goes on: to the provider, whose clocks
 * start now, or to the route's next authority.
 */
@Injectable()
export class CertifyOrder {
  constructor(
    private readonly steps: StepRunner,
    private readonly delivery: Delivery,
  ) {}

  execute(request: StepRequest<CertifyDto>): Promise<OrderDto> {
    const { body, principal } = request;
    if (body.decision === 'REFUSE' && !body.reason) throw reasonRequired();
    const certify = body.decision === 'CERTIFY';
    return this.steps.run(request, {
      action: certify ? 'CERTIFY' : 'REFUSE_CERTIFICATION',
      plan: async ({ order, decision, now }): Promise<StepPlan> => {
        if (!certify) return { ...this.delivery.refuse(order, principal.organisationId), record: { decision: 'REFUSE', refusedBy: principal.organisationId } };
        const delivered = await this.delivery.passOn(order, principal.organisationId, decision.to, now);
        return { ...delivered, record: { decision: 'CERTIFY', certifiedBy: principal.organisationId, ...delivered.record } };
      },
    });
  }
}

/**
 * A central authority (or an EIO's executing authority, a 24/7 point of contact) passes the order
 * on, or refuses: the requesting State's central authority transmits a letter of request to the
 * requested State's, which decides on it, obtains its own order and has the provider execute it.
 */
@Injectable()
export class ForwardOrder {
  constructor(
    private readonly steps: StepRunner,
    private readonly delivery: Delivery,
  ) {}

  execute(request: StepRequest<ForwardDto>): Promise<OrderDto> {
    const { body, principal } = request;
    if (body.decision === 'REFUSE' && !body.reason) throw reasonRequired();
    const forward = body.decision === 'FORWARD';
    return this.steps.run(request, {
      action: forward ? 'FORWARD' : 'REFUSE_FORWARDING',
      plan: async ({ order, decision, now }): Promise<StepPlan> => {
        if (!forward) return { ...this.delivery.refuse(order, principal.organisationId), record: { decision: 'REFUSE', refusedBy: principal.organisationId } };
        const delivered = await this.delivery.passOn(order, principal.organisationId, decision.to, now);
        return { ...delivered, record: { decision: 'FORWARD', ...delivered.record } };
      },
    });
  }
}
