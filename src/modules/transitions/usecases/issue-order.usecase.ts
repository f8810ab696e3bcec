import { Injectable } from '@nestjs/common';
import { DomainError } from '../../../../libs/domain/errors.js';
import { CertifiedAccountsService, certifiedNamedBy, refuseCertified } from '../../certified-accounts/certified-accounts.service.js';
import type { OrderDto } from '../../orders/dto/order.dto.js';
import type { SignedBodyDto } from '../dto/transition.dto.js';
import { StepRunner, type StepRequest } from '../step-runner.js';
import { RemovalInformation } from '../removal-information.js';
import { Delivery } from './delivery.js';

/**
 * DRAFT → ISSUED by a qualified issuer, or by police in an emergency the law allows (Reg.
 * 2023/1543 Art 4(5)): then the judicial authorities of the issuing State must validate it within
 * 48 hours, and become candidates to do so. On a route through other authorities the order goes
 * to the first of them instead (a letter of request to the requesting central authority). A
 * removal order is checked against the white list once more.
 */
@Injectable()
export class IssueOrder {
  constructor(
    private readonly steps: StepRunner,
    private readonly delivery: Delivery,
    private readonly certified: CertifiedAccountsService,
    private readonly removalInformation: RemovalInformation,
  ) {}

  execute(request: StepRequest<SignedBodyDto>): Promise<OrderDto> {
    return this.steps.run(request, {
      action: 'ISSUE',
      plan: async ({ order, decision, now }) => {
        // The white list again: an account certified since the draft stops the order unless the
        // draft's override covers it (the accounts it recorded).
        if (order.type === 'REMOVAL') refuseCertified(order.content, await certifiedNamedBy(this.certified, order.content), order.content.certifiedAccounts ?? []);
        const withoutPriorValidation = decision.effects.startsExPostValidation === true;
        const validators = withoutPriorValidation ? await this.delivery.validators(order) : [];
        if (withoutPriorValidation && validators.length === 0) {
          throw new DomainError('NO_VALIDATING_AUTHORITY', `No judicial authority of ${order.issuingCountry} is on the exchange to validate this emergency order within 48 hours (Reg. 2023/1543 Art 4(5)).`);
        }
        // A removal order: the Art 3(2) information must have preceded the provider's first one.
        const informed = await this.removalInformation.check(order, now);
        const delivered = await this.delivery.release(order, decision.to, now);
        return {
          addParties: [...validators.map((organisationId) => ({ organisationId, party: 'VALIDATION_CANDIDATE' as const })), ...delivered.addParties],
          record: { withoutPriorValidation, ...(withoutPriorValidation ? { exPostValidators: validators } : {}), ...informed, ...delivered.record },
        };
      },
    });
  }
}
