import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '../../../libs/domain/errors.js';
import { actsAs } from '../../../libs/domain/identity.js';
import type { Principal } from '../../common/auth/principal.js';
import { ApiError } from '../../common/errors/api-error.js';
import { OrganisationEntity } from '../identity/entities/organisation.entity.js';
import type { OrderEntity } from '../orders/entities/order.entity.js';

const TWELVE_HOURS_MS = 12 * 3_600_000;

/**
 * Reg. 2021/784 Art 3(2): before its first removal order to a provider, a competent authority gives
 * it information on the applicable procedures and deadlines at least 12 hours ahead, except in duly
 * justified emergencies. The exchange records when a provider was informed and checks it at issue.
 */
@Injectable()
export class RemovalInformation {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A competent authority informs the provider now. */
  async inform(principal: Principal, providerId: string, now: Date): Promise<{ providerId: string; informedAt: string }> {
    const organisations = this.dataSource.getRepository(OrganisationEntity);
    const authority = await organisations.findOne({ where: { id: principal.organisationId } });
    if (!authority || !actsAs(authority, ['TCO_COMPETENT_AUTHORITY'])) {
      throw new ApiError('FORBIDDEN', 'Only a competent authority for removal orders informs a provider of their procedures and deadlines (Reg. 2021/784 Art 3(2)).');
    }
    const provider = await organisations.findOne({ where: { id: providerId } });
    if (provider?.kind !== 'PROVIDER') throw new DomainError('PROVIDER_NOT_FOUND', `No provider ${providerId} is in the directory.`);
    await organisations.update({ id: providerId }, { removalInformationAt: now });
    return { providerId, informedAt: now.toISOString() };
  }

  /** At issue: the provider's first removal order needs the information 12 hours before, unless the order states an emergency. */
  async check(order: OrderEntity, now: Date): Promise<Record<string, unknown>> {
    if (order.type !== 'REMOVAL') return {};
    const earlier = (await this.dataSource.query(
      `SELECT count(*)::int AS n FROM orders WHERE type = 'REMOVAL' AND provider_id = $1 AND id <> $2 AND status <> 'DRAFT'`,
      [order.providerId, order.id],
    )) as { n: number }[];
    if (earlier[0].n > 0) return {};
    const provider = await this.dataSource.getRepository(OrganisationEntity).findOne({ where: { id: order.providerId } });
    const informedAt = provider?.removalInformationAt ?? null;
    if (informedAt && now.getTime() - informedAt.getTime() >= TWELVE_HOURS_MS) return { firstRemovalOrder: true, providerInformedAt: informedAt.toISOString() };
    const emergency = order.content.removal?.emergencyJustification;
    if (emergency) return { firstRemovalOrder: true, providerInformedAt: informedAt?.toISOString() ?? null, art32Emergency: emergency };
    const when = informedAt
      ? `it was informed at ${informedAt.toISOString()}, so the order may be issued from ${new Date(informedAt.getTime() + TWELVE_HOURS_MS).toISOString()}`
      : 'it has not been informed yet (POST /api/v1/providers/:id/removal-information)';
    throw new DomainError('REMOVAL_INFORMATION_PENDING', `This is the provider's first removal order: a competent authority must inform it of the procedures and deadlines at least 12 hours before (Reg. 2021/784 Art 3(2)); ${when}. In a duly justified emergency, state it in removal.emergencyJustification.`, {
      providerInformedAt: informedAt?.toISOString() ?? null,
    });
  }
}
