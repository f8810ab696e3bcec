import { Injectable, Logger } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { DomainError } from '../../../libs/domain/errors.js';
import type { Principal } from '../../common/auth/principal.js';
import { Clock } from '../../common/clock.js';
import { CertificateEntity } from '../pki/entities/certificate.entity.js';
import type { OrganisationDto } from './dto/organisation.dto.js';
import { OrganisationEntity } from './entities/organisation.entity.js';
import { organisationNotFound } from './identity.errors.js';
import { mapOrganisation } from './identity.mapper.js';

/**
 * The operator suspends an organisation at once (a hijacked account, a forged emergency order):
 * its users' tokens stop on their next request (the principal is read only for organisations that
 * are not suspended, UsersRepository.findActivePrincipal), every certificate it holds is revoked
 * (privilegeWithdrawn, on the next CRL), and the providers of its orders in flight see the flag on
 * those orders. The certificates are revoked here rather than through the PKI module, which
 * depends on this one.
 */
@Injectable()
export class OrganisationSuspensionService {
  private readonly logger = new Logger('Suspension');

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async suspend(actor: Principal, organisationId: string, reason: string): Promise<OrganisationDto> {
    const now = this.clock.now();
    const { organisation, revoked } = await this.dataSource.transaction(async (manager) => {
      const found = await manager.findOne(OrganisationEntity, { where: { id: organisationId }, relations: { establishments: true } });
      if (!found) throw organisationNotFound(organisationId);
      if (found.kind === 'OPERATOR') throw new DomainError('ORGANISATION_NOT_SUSPENDABLE', 'The exchange\'s own organisation cannot be suspended.');
      if (found.suspendedAt) return { organisation: found, revoked: 0 };
      await manager.update(OrganisationEntity, { id: organisationId }, { suspendedAt: now, suspensionReason: reason });
      const result = await manager.update(CertificateEntity, { organisationId, revokedAt: IsNull() }, { revokedAt: now, revocationReason: 'privilegeWithdrawn' });
      return { organisation: Object.assign(found, { suspendedAt: now, suspensionReason: reason }), revoked: result.affected ?? 0 };
    });
    this.logger.warn({ msg: 'organisation suspended', organisationId, certificatesRevoked: revoked, reason, by: actor.userId });
    return mapOrganisation(organisation);
  }

  /** Lifts a suspension: its users may sign in again; its revoked certificates stay revoked (it asks for new ones). */
  async lift(actor: Principal, organisationId: string): Promise<OrganisationDto> {
    const organisation = await this.dataSource.transaction(async (manager) => {
      const found = await manager.findOne(OrganisationEntity, { where: { id: organisationId }, relations: { establishments: true } });
      if (!found) throw organisationNotFound(organisationId);
      await manager.update(OrganisationEntity, { id: organisationId }, { suspendedAt: null, suspensionReason: null });
      return Object.assign(found, { suspendedAt: null, suspensionReason: null });
    });
    this.logger.warn({ msg: 'organisation suspension lifted', organisationId, by: actor.userId });
    return mapOrganisation(organisation);
  }
}
