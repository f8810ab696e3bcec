import { Injectable } from '@nestjs/common';
import { DomainError } from '../../../../libs/domain/errors.js';
import { capacityWords } from '../../../../libs/domain/identity.js';
import { HOPS, hopOf, type HopKind, type OrderStatus } from '../../../../libs/domain/order-lifecycle.js';
import type { SelectedHop } from '../../../../libs/routing/index.js';
import { OrganisationsRepository } from '../../identity/organisations.repository.js';
import type { OrderEntity } from '../../orders/entities/order.entity.js';
import type { StoredParty } from '../../orders/orders.repository.js';
import type { StepPlan } from '../step-runner.js';

type Delivered = Required<Pick<StepPlan, 'addParties' | 'record'>> & Pick<StepPlan, 'removeParties'>;

/**
 * Who becomes a party as an order travels. When it reaches the provider's inbox (receipt: every
 * clock starts) the addressee, the enforcing authority of its State when notified (Reg. 2023/1543
 * Art 8(1): at the same time) and the evidence recipient become parties. On a route through other
 * authorities (the routing catalogue's hops) each hop's authority becomes a party when the order
 * reaches it, and the provider only once the last of them passed it on.
 */
@Injectable()
export class Delivery {
  constructor(private readonly organisations: OrganisationsRepository) {}

  /** The order is made (issued, or validated): to its route's first hop, or straight to the provider. */
  async release(order: OrderEntity, to: OrderStatus, now: Date): Promise<Delivered> {
    const hop = hopOf(to);
    return hop ? this.toHop(order, hop, now) : this.plan(order, now);
  }

  /**
   * A hop's authority passed the order on (to `to`): the other authorities that could have taken
   * that hop drop out, and the next hop's authority, or the provider, becomes a party.
   */
  async passOn(order: OrderEntity, actingOrganisationId: string, to: OrderStatus, now: Date): Promise<Delivered> {
    const current = hopOf(order.status)!;
    const next = hopOf(to);
    const delivered = next ? await this.toHop(order, next, now) : await this.plan(order, now);
    const party = HOPS[current].party as StoredParty;
    return {
      removeParties: [party],
      addParties: [{ organisationId: actingOrganisationId, party }, ...delivered.addParties],
      record: { passedOnBy: actingOrganisationId, ...delivered.record },
    };
  }

  /** A hop's authority refused: it stays the only party of its hop. */
  refuse(order: OrderEntity, actingOrganisationId: string): Pick<StepPlan, 'addParties' | 'removeParties'> {
    const party = HOPS[hopOf(order.status)!].party as StoredParty;
    return { removeParties: [party], addParties: [{ organisationId: actingOrganisationId, party }] };
  }

  async plan(order: OrderEntity, now: Date): Promise<Delivered> {
    const enforcing = order.enforcingState ? (await this.organisations.findAuthorities(order.enforcingState, ['ENFORCING_AUTHORITY'])).map((organisation) => organisation.id) : [];
    // A removal order goes in copy, at once, to the competent authority of the State of the provider's
    // main establishment or legal representative when that is another Member State (Reg. 2021/784 Art 4(1)).
    const scrutiny = order.routing.selected?.scrutiny;
    const scrutinising = scrutiny ? (await this.organisations.findActingAs(scrutiny.state, scrutiny.actingAs)).map((organisation) => organisation.id) : [];
    // The copy must actually go, or Annex I would state a copy that was not sent: refuse instead.
    if (scrutiny && scrutinising.length === 0) {
      throw new DomainError('NO_SCRUTINY_AUTHORITY', `No ${capacityWords(scrutiny.actingAs)} of ${scrutiny.state} is on the exchange to receive the copy of this removal order and scrutinise it (${scrutiny.basis}); the order cannot be issued through the exchange until one is.`, {
        state: scrutiny.state,
        actingAs: scrutiny.actingAs,
      });
    }
    return {
      addParties: [
        { organisationId: order.providerId, party: 'ADDRESSEE' },
        ...enforcing.map((organisationId) => ({ organisationId, party: 'ENFORCING' as const })),
        ...scrutinising.map((organisationId) => ({ organisationId, party: 'SCRUTINISING' as const })),
        ...(order.evidenceRecipientId && order.evidenceRecipientId !== order.issuingOrganisationId ? [{ organisationId: order.evidenceRecipientId, party: 'EVIDENCE_RECIPIENT' as const }] : []),
      ],
      record: {
        receivedAt: now.toISOString(),
        addressee: order.routing.selected?.provider ?? order.routing.selected?.addressee ?? null,
        enforcingAuthorities: enforcing,
        ...(scrutiny ? { scrutinyState: scrutiny.state, scrutinyAuthorities: scrutinising } : {}),
      },
    };
  }

  /** The judicial authorities of the issuing State that may validate the order, other than its drafter. */
  async validators(order: OrderEntity): Promise<string[]> {
    const types = order.routing.selected?.approvals.validators ?? [];
    return (await this.organisations.findAuthorities(order.issuingCountry, types, order.issuingOrganisationId)).map((organisation) => organisation.id);
  }

  /**
   * The authorities of the hop's State that may take it, looked up again now (the route named
   * them when drafted); every one becomes a party of the hop, and the first to act takes it.
   */
  private async toHop(order: OrderEntity, kind: HopKind, now: Date): Promise<Delivered> {
    const hop = (order.routing.selected?.hops ?? []).find((candidate: SelectedHop) => candidate.kind === kind);
    if (!hop) throw new Error(`order ${order.id}: its route has no ${kind} hop`);
    const authorities = await this.organisations.findActingAs(hop.country, hop.actingAs);
    const who = capacityWords(hop.actingAs);
    if (authorities.length === 0) throw new DomainError('NO_HOP_AUTHORITY', `No ${who} of ${hop.country} is on the exchange to take this order on (${hop.basis}).`);
    const party = HOPS[kind].party as StoredParty;
    return {
      addParties: authorities.map((organisation) => ({ organisationId: organisation.id, party })),
      record: { hop: kind, sentAt: now.toISOString(), to: authorities.map((organisation) => organisation.id) },
    };
  }
}
