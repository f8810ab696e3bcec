import { Injectable } from '@nestjs/common';
import { DataSource, In, Not, type DeepPartial, type EntityManager } from 'typeorm';
import { actsAs, type AuthorityCapacity, type AuthorityType } from '../../../libs/domain/identity.js';
import type { Principal } from '../../common/auth/principal.js';
import { anyOf } from '../../database/prepared-statements.js';
import { OrganisationEntity } from './entities/organisation.entity.js';

@Injectable()
export class OrganisationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private manager(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  /** An organisation as `viewer` may see it: its own members and the operator; nobody else. */
  findVisibleTo(viewer: Principal, id: string, manager?: EntityManager): Promise<OrganisationEntity | null> {
    if (viewer.organisationId !== id && !viewer.roles.includes('OPERATOR')) return Promise.resolve(null);
    return this.manager(manager).findOne(OrganisationEntity, { where: { id }, relations: { establishments: true } });
  }

  findById(id: string, manager?: EntityManager): Promise<OrganisationEntity | null> {
    // One query: findOne with a relation asks twice (a DISTINCT page of ids, then the rows), and
    // this lookup is on the way of every new order.
    return this.manager(manager)
      .createQueryBuilder(OrganisationEntity, 'organisation')
      .leftJoinAndSelect('organisation.establishments', 'establishment')
      .where('organisation.id = :id', { id })
      .getOne();
  }

  /** Providers ordered by name then id, starting after the keyset `after`. */
  findProviderPage(limit: number, after: [string, string] | undefined, manager?: EntityManager): Promise<OrganisationEntity[]> {
    const query = this.manager(manager)
      .createQueryBuilder(OrganisationEntity, 'organisation')
      .leftJoinAndSelect('organisation.establishments', 'establishment')
      .where('organisation.kind = :kind', { kind: 'PROVIDER' })
      .orderBy('organisation.name', 'ASC')
      .addOrderBy('organisation.id', 'ASC');
    if (after) query.andWhere('(organisation.name, organisation.id) > (:name, :id)', { name: after[0], id: after[1] });
    // take/skip (not limit) so the join does not cut a provider's establishments short.
    return query.take(limit).getMany();
  }

  /** Authorities of `country` of one of `types`, other than `except` (the drafter never validates its own order). */
  findAuthorities(country: string, types: readonly AuthorityType[], except?: string): Promise<OrganisationEntity[]> {
    if (types.length === 0) return Promise.resolve([]);
    return this.manager().find(OrganisationEntity, {
      where: { kind: 'AUTHORITY', country, authorityType: In([...types]), ...(except ? { id: Not(except) } : {}) },
      order: { name: 'ASC' },
    });
  }

  /**
   * Authorities of `country` that act as one of `capacities` (by type or designation) and are not
   * suspended: who takes a hop of a route. By name, then id, as the routing engine orders them.
   */
  async findActingAs(country: string, capacities: readonly AuthorityCapacity[], manager?: EntityManager): Promise<OrganisationEntity[]> {
    const found = await this.manager(manager).find(OrganisationEntity, { where: { kind: 'AUTHORITY', country }, order: { name: 'ASC', id: 'ASC' } });
    return found.filter((organisation) => organisation.suspendedAt === null && actsAs(organisation, capacities));
  }

  /** Every authority that may take part in orders (not suspended): the directory the routing engine looks hops up in. */
  findActiveAuthorities(manager?: EntityManager): Promise<OrganisationEntity[]> {
    return this.manager(manager)
      .createQueryBuilder(OrganisationEntity, 'organisation')
      .where('organisation.kind = :kind AND organisation.suspended_at IS NULL', { kind: 'AUTHORITY' })
      .orderBy('organisation.name', 'ASC')
      .addOrderBy('organisation.id', 'ASC')
      .getMany();
  }

  /**
   * The directory of authorities by name then id, starting after the keyset `after`; `capacity`
   * matches the type or a designation (a central authority designated as such whatever its type).
   */
  findAuthorityPage(filter: { country?: string; capacity?: AuthorityCapacity }, limit: number, after: [string, string] | undefined): Promise<OrganisationEntity[]> {
    const query = this.manager()
      .createQueryBuilder(OrganisationEntity, 'organisation')
      .where('organisation.kind = :kind', { kind: 'AUTHORITY' })
      .orderBy('organisation.name', 'ASC')
      .addOrderBy('organisation.id', 'ASC');
    if (filter.country) query.andWhere('organisation.country = :country', { country: filter.country });
    if (filter.capacity) query.andWhere('(organisation.authority_type = :capacity OR :capacity = ANY(organisation.designations))', { capacity: filter.capacity });
    if (after) query.andWhere('(organisation.name, organisation.id) > (:name, :id)', { name: after[0], id: after[1] });
    return query.limit(limit).getMany();
  }

  /** Organisations by id, for the names the API and the forms show beside the ids they record. */
  findMany(ids: readonly string[], manager?: EntityManager): Promise<OrganisationEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.manager(manager).find(OrganisationEntity, { where: { id: anyOf(ids) } });
  }

  async isEmpty(manager?: EntityManager): Promise<boolean> {
    return !(await this.manager(manager).exists(OrganisationEntity));
  }

  async update(id: string, changes: Pick<DeepPartial<OrganisationEntity>, 'services' | 'designations' | 'requireTotp'>, manager: EntityManager): Promise<void> {
    if (Object.keys(changes).length > 0) await manager.update(OrganisationEntity, { id }, changes as never);
  }

  insert(organisation: DeepPartial<OrganisationEntity>, manager: EntityManager): Promise<OrganisationEntity> {
    return manager.save(OrganisationEntity, manager.create(OrganisationEntity, organisation));
  }
}
