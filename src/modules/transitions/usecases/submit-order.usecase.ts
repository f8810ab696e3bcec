import { Injectable } from '@nestjs/common';
import { DomainError } from '../../../../libs/domain/errors.js';
import { capacityWords } from '../../../../libs/domain/identity.js';
import { validationError } from '../../../common/errors/api-error.js';
import { OrganisationsRepository } from '../../identity/organisations.repository.js';
import type { OrderDto } from '../../orders/dto/order.dto.js';
import type { SubmitDto } from '../dto/transition.dto.js';
import { StepRunner, type StepRequest } from '../step-runner.js';
import { Delivery } from './delivery.js';

/**
 * DRAFT → PENDING_VALIDATION (Reg. 2023/1543 Art 4): the judicial authority named, or every one of
 * the issuing State whose type may validate this order, finds it in its validation inbox.
 */
@Injectable()
export class SubmitOrder {
  constructor(
    private readonly steps: StepRunner,
    private readonly organisations: OrganisationsRepository,
    private readonly delivery: Delivery,
  ) {}

  execute(request: StepRequest<SubmitDto>): Promise<OrderDto> {
    const named = request.body.validatingAuthorityId;
    return this.steps.run(request, {
      action: 'SUBMIT',
      plan: async ({ order }) => {
        const types = order.routing.selected?.approvals.validators ?? [];
        // Named, never blank: a route with nobody to validate says so.
        const qualified = types.length ? capacityWords(types) : 'nobody validates on this route';
        let candidates: string[];
        if (named) {
          const authority = await this.organisations.findById(named);
          if (!authority || authority.kind !== 'AUTHORITY' || authority.country !== order.issuingCountry || !authority.authorityType || !types.includes(authority.authorityType)) {
            throw validationError([{ field: 'validatingAuthorityId', message: `must be a judicial authority of ${order.issuingCountry} that may validate this order (${qualified})` }]);
          }
          candidates = [authority.id];
        } else {
          candidates = await this.delivery.validators(order);
          if (candidates.length === 0) {
            throw new DomainError('NO_VALIDATING_AUTHORITY', `No authority of ${order.issuingCountry} that may validate this order (${qualified}) is on the exchange.`);
          }
        }
        return {
          record: { validationCandidates: candidates },
          addParties: candidates.map((organisationId) => ({ organisationId, party: 'VALIDATION_CANDIDATE' as const })),
          changes: { validatingOrganisationId: named ?? null },
        };
      },
    });
  }
}
