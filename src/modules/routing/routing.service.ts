import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../../../libs/domain/errors.js';
import { evaluateRouting, type Catalogue, type InstrumentCode, type RoutingAuthority, type RoutingInput, type RoutingResult } from '../../../libs/routing/index.js';
import { Clock } from '../../common/clock.js';
import type { OrganisationEntity } from '../identity/entities/organisation.entity.js';
import { OrganisationsRepository } from '../identity/organisations.repository.js';
import type { CatalogueDto } from './dto/catalogue.dto.js';
import { mapCatalogue, toRoutingAuthority, toRoutingProvider } from './routing.mapper.js';

/** The catalogue the engine reads: loaded and checked once at start-up; tests may provide another. */
export const ROUTING_CATALOGUE = Symbol('ROUTING_CATALOGUE');

/** What a caller asks about: an order for a provider of the directory, on a date (today by default). */
export type RoutingRequest = Omit<RoutingInput, 'date'> & { providerId: string; date?: string };

/**
 * The routing engine (libs/routing) behind an injectable service, for `POST /routing/evaluate`
 * and for order creation, which routes the same way.
 */
@Injectable()
export class RoutingService {
  constructor(
    @Inject(ROUTING_CATALOGUE) private readonly catalogue: Catalogue,
    private readonly organisations: OrganisationsRepository,
    private readonly clock: Clock,
  ) {}

  instruments(): CatalogueDto {
    return mapCatalogue(this.catalogue, this.today());
  }

  /** Pass the transaction's manager when called inside one (one PGlite connection serialises them). */
  async evaluate(request: RoutingRequest, manager?: EntityManager): Promise<RoutingResult> {
    return this.evaluateFor(await this.provider(request.providerId, manager), request, { manager });
  }

  /**
   * For a provider already read (order creation has it); `prefer` is the instrument the requester
   * chose; `authorities`, the active ones when the caller read them already. The exchange's authorities go with it: a route whose authorities are not on the
   * exchange cannot carry the order, and the hops name who takes them.
   */
  async evaluateFor(
    organisation: OrganisationEntity,
    request: RoutingRequest,
    { prefer, manager, authorities }: { prefer?: InstrumentCode; manager?: EntityManager; authorities?: readonly OrganisationEntity[] } = {},
  ): Promise<RoutingResult> {
    const { providerId: _providerId, date, ...order } = request;
    const onExchange: RoutingAuthority[] = (authorities ?? (await this.activeAuthorities(manager))).map(toRoutingAuthority);
    return evaluateRouting(this.catalogue, { ...order, date: date ?? this.today() }, toRoutingProvider(organisation), { prefer, authorities: onExchange });
  }

  /** The authorities on the exchange a route may go through (not suspended); `evaluateFor` takes them read already. */
  activeAuthorities(manager?: EntityManager): Promise<OrganisationEntity[]> {
    return this.organisations.findActiveAuthorities(manager);
  }

  private async provider(id: string, manager?: EntityManager): Promise<OrganisationEntity> {
    const organisation = await this.organisations.findById(id, manager);
    if (!organisation || organisation.kind !== 'PROVIDER') {
      throw new DomainError('PROVIDER_NOT_FOUND', `No provider ${id} is in the directory (providerId).`);
    }
    return organisation;
  }

  private today(): string {
    return this.clock.now().toISOString().slice(0, 10);
  }
}
