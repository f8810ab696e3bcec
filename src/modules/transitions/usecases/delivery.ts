import { Injectable } from '@nestjs/common';
import { OrganisationsRepository } from '../../identity/organisations.repository.js';
import type { OrderEntity } from '../../orders/entities/order.entity.js';
import type { StepPlan } from '../step-runner.js';

/**
 * What happens when an order reaches the provider's inbox (receipt: every clock starts): the
 * addressee, the enforcing authority of its State when notified (Reg. 2023/1543 Art 8(1): at the
 * same time) and the evidence recipient become parties, and the step records who received it.
 */
@Injectable()
export class Delivery {
  constructor(private readonly organisations: OrganisationsRepository) {}

  async plan(order: OrderEntity, now: Date): Promise<Required<Pick<StepPlan, 'addParties' | 'record'>>> {
    const enforcing = order.enforcingState ? (await this.organisations.findAuthorities(order.enforcingState, ['ENFORCING_AUTHORITY'])).map((organisation) => organisation.id) : [];
    return {
      addParties: [
        { organisationId: order.providerId, party: 'ADDRESSEE' },
        ...enforcing.map((organisationId) => ({ organisationId, party: 'ENFORCING' as const })),
        ...(order.evidenceRecipientId && order.evidenceRecipientId !== order.issuingOrganisationId ? [{ organisationId: order.evidenceRecipientId, party: 'EVIDENCE_RECIPIENT' as const }] : []),
      ],
      record: { receivedAt: now.toISOString(), addressee: order.routing.selected?.addressee ?? null, enforcingAuthorities: enforcing },
    };
  }

  /** The judicial authorities of the issuing State that may validate the order, other than its drafter. */
  async validators(order: OrderEntity): Promise<string[]> {
    const types = order.routing.selected?.approvals.validators ?? [];
    return (await this.organisations.findAuthorities(order.issuingCountry, types, order.issuingOrganisationId)).map((organisation) => organisation.id);
  }
}
