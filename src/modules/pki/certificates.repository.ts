import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, Not, type EntityManager } from 'typeorm';
import type { RevocationReason, RevocationStatus } from '../../../libs/pki/index.js';
import { CertificateEntity, type CertificatePurpose } from './entities/certificate.entity.js';

@Injectable()
export class CertificatesRepository {
  constructor(private readonly dataSource: DataSource) {}

  private manager(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  /** The exchange's own certificate for a role (the newest, should there ever be several). */
  findExchangeCertificate(purpose: Exclude<CertificatePurpose, 'ORGANISATION'>, manager?: EntityManager): Promise<CertificateEntity | null> {
    return this.manager(manager).findOne(CertificateEntity, { where: { purpose, organisationId: IsNull() }, order: { createdAt: 'DESC' } });
  }

  listExchangeCertificates(purpose: Exclude<CertificatePurpose, 'ORGANISATION'>, manager?: EntityManager): Promise<CertificateEntity[]> {
    return this.manager(manager).find(CertificateEntity, { where: { purpose, organisationId: IsNull() }, order: { createdAt: 'ASC' } });
  }

  findByFingerprint(fingerprintSha256: string, manager?: EntityManager): Promise<CertificateEntity | null> {
    return this.manager(manager).findOne(CertificateEntity, { where: { fingerprintSha256 } });
  }

  /** An organisation's certificate by serial, scoped to that organisation. */
  findForOrganisation(organisationId: string, serialNumber: string, manager?: EntityManager): Promise<CertificateEntity | null> {
    return this.manager(manager).findOne(CertificateEntity, { where: { organisationId, serialNumber } });
  }

  listForOrganisation(organisationId: string, manager?: EntityManager): Promise<CertificateEntity[]> {
    return this.manager(manager).find(CertificateEntity, { where: { organisationId }, order: { createdAt: 'DESC' } });
  }

  /** Custodial keys the exchange signs with on behalf of organisations (warmed at start-up). */
  listCustodialKeyIds(manager?: EntityManager): Promise<{ keyId: string }[]> {
    return this.manager(manager)
      .createQueryBuilder(CertificateEntity, 'c')
      .select('c.key_id', 'keyId')
      .where('c.key_id IS NOT NULL AND c.revoked_at IS NULL')
      .getRawMany();
  }

  /** The organisation's newest custodial certificate that is not revoked: the key the exchange signs its steps with. */
  findById(id: string, manager?: EntityManager): Promise<CertificateEntity | null> {
    return this.manager(manager).findOne(CertificateEntity, { where: { id } });
  }

  /** Fingerprint → organisation, for the certificates among `fingerprints` (ties a signer to an organisation). */
  async organisationsOf(fingerprints: readonly string[], manager?: EntityManager): Promise<Map<string, string | null>> {
    if (fingerprints.length === 0) return new Map();
    const rows = await this.manager(manager)
      .createQueryBuilder(CertificateEntity, 'c')
      .select(['c.fingerprintSha256', 'c.organisationId'])
      .where('c.fingerprint_sha256 IN (:...fingerprints)', { fingerprints: [...new Set(fingerprints)] })
      .getMany();
    return new Map(rows.map((row) => [row.fingerprintSha256, row.organisationId]));
  }

  listRevoked(manager?: EntityManager): Promise<CertificateEntity[]> {
    return this.manager(manager).find(CertificateEntity, { where: { revokedAt: Not(IsNull()) }, order: { revokedAt: 'ASC' } });
  }

  /** A cheap fingerprint of the revocation list, so every instance notices a revocation made by another. */
  async revocationState(manager?: EntityManager): Promise<string> {
    const [row] = await this.manager(manager).query(
      'SELECT count(*)::int AS n, max(revoked_at) AS latest FROM certificates WHERE revoked_at IS NOT NULL',
    );
    return `${row.n}|${row.latest ? new Date(row.latest).toISOString() : ''}`;
  }

  async revocationOf(serialNumber: string, manager?: EntityManager): Promise<RevocationStatus | null> {
    const row = await this.manager(manager).findOne(CertificateEntity, { where: { serialNumber }, select: { revokedAt: true, revocationReason: true } });
    return row?.revokedAt ? { revokedAt: row.revokedAt, reason: row.revocationReason ?? 'unspecified' } : null;
  }

  insert(certificate: Partial<CertificateEntity>, manager: EntityManager): Promise<CertificateEntity> {
    return manager.save(CertificateEntity, manager.create(CertificateEntity, certificate));
  }

  /** Marks a certificate revoked unless it already is; returns whether this call revoked it. */
  async revoke(id: string, revokedAt: Date, reason: RevocationReason, manager: EntityManager): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(CertificateEntity)
      .set({ revokedAt, revocationReason: reason })
      .where('id = :id AND revoked_at IS NULL', { id })
      .execute();
    return (result.affected ?? 0) > 0;
  }
}
