import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError } from '../../../libs/domain/errors.js';
import {
  issueCustodialOrganisationCertificate,
  issueOrganisationCertificate,
  PkiError,
  type IssuedCertificate,
  type KeyStore,
} from '../../../libs/pki/index.js';
import type { Principal } from '../../common/auth/principal.js';
import { Clock } from '../../common/clock.js';
import { validationError } from '../../common/errors/api-error.js';
import { AppConfig } from '../../config/app-config.js';
import type { OrganisationEntity } from '../identity/entities/organisation.entity.js';
import { organisationNotFound } from '../identity/identity.errors.js';
import { OrganisationsRepository } from '../identity/organisations.repository.js';
import { CertificatesRepository } from './certificates.repository.js';
import type { CertificateDto, CertificateListDto, IssueCertificateDto, RevokeCertificateDto } from './dto/certificate.dto.js';
import type { CertificateEntity } from './entities/certificate.entity.js';
import { ExchangePkiService } from './exchange-pki.service.js';
import { KEY_STORE } from './key-store.provider.js';
import { mapCertificate } from './pki.mapper.js';

/** Issuing, listing and revoking organisations' certificates (docs/api.md). */
@Injectable()
export class OrganisationCertificatesService {
  private readonly logger = new Logger('Pki');

  constructor(
    @Inject(KEY_STORE) private readonly keyStore: KeyStore,
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly exchangePki: ExchangePkiService,
    private readonly organisations: OrganisationsRepository,
    private readonly certificates: CertificatesRepository,
    private readonly clock: Clock,
  ) {}

  async issue(actor: Principal, organisationId: string, input: IssueCertificateDto): Promise<CertificateDto> {
    if ((input.csr === undefined) === (input.custodial === undefined)) {
      throw validationError([{ field: 'csr', message: 'send either a csr or custodial: true, not both and not neither' }]);
    }
    const organisation = await this.manageable(actor, organisationId);
    const issued = input.csr !== undefined ? await this.fromCsr(organisation, input.csr) : await this.custodial(organisation);
    const saved = await this.dataSource.transaction((manager) => this.record(organisation.id, issued, manager));
    this.logger.log({ msg: 'certificate issued', organisationId, serialNumber: saved.serialNumber, custodial: saved.keyId !== null, by: actor.userId });
    return mapCertificate(saved, this.clock.now());
  }

  /**
   * Custodial issuance without an acting user (the demo world): makes the key and certificate
   * for an organisation that may not be stored yet; `record` stores it in the caller's transaction.
   */
  prepareCustodial(organisation: Pick<OrganisationEntity, 'id' | 'name' | 'country'>): Promise<IssuedCertificate & { keyId: string }> {
    return this.custodial(organisation);
  }

  async list(viewer: Principal, organisationId: string): Promise<CertificateListDto> {
    const organisation = await this.organisations.findVisibleTo(viewer, organisationId);
    if (!organisation) throw organisationNotFound(organisationId);
    const now = this.clock.now();
    return { items: (await this.certificates.listForOrganisation(organisationId)).map((c) => mapCertificate(c, now)) };
  }

  /** Takes effect on the next request: tokens bound to it and the CRL both read the database. */
  async revoke(actor: Principal, organisationId: string, serialNumber: string, input: RevokeCertificateDto): Promise<CertificateDto> {
    await this.manageable(actor, organisationId);
    const serial = serialNumber.toLowerCase();
    const revoked = await this.dataSource.transaction(async (manager) => {
      const certificate = await this.certificates.findForOrganisation(organisationId, serial, manager);
      if (!certificate) throw new DomainError('CERTIFICATE_NOT_FOUND', `Organisation ${organisationId} has no certificate with serial ${serial}.`);
      const revokedAt = this.clock.now();
      if (!(await this.certificates.revoke(certificate.id, revokedAt, input.reason, manager))) {
        throw new DomainError('CERTIFICATE_ALREADY_REVOKED', `Certificate ${serial} was revoked at ${certificate.revokedAt?.toISOString()}.`);
      }
      return { ...certificate, revokedAt, revocationReason: input.reason };
    });
    this.logger.warn({ msg: 'certificate revoked', organisationId, serialNumber: serial, reason: input.reason, by: actor.userId });
    return mapCertificate(revoked, this.clock.now());
  }

  /** The operator manages every organisation; an ORG_ADMIN only its own (others look absent). */
  private async manageable(actor: Principal, organisationId: string): Promise<OrganisationEntity> {
    const mayManage = actor.roles.includes('OPERATOR') || (actor.roles.includes('ORG_ADMIN') && actor.organisationId === organisationId);
    const organisation = mayManage ? await this.organisations.findById(organisationId) : null;
    if (!organisation) throw organisationNotFound(organisationId);
    return organisation;
  }

  private async fromCsr(organisation: OrganisationEntity, csr: string): Promise<IssuedCertificate> {
    try {
      return await issueOrganisationCertificate(this.keyStore, this.exchangePki.issuer(), csr, identity(organisation), this.options());
    } catch (error) {
      if (error instanceof PkiError && (error.code === 'CSR_INVALID' || error.code === 'CSR_KEY_UNSUPPORTED' || error.code === 'DER_INVALID')) {
        throw validationError([{ field: 'csr', message: error.message }]);
      }
      throw error;
    }
  }

  private custodial(organisation: Pick<OrganisationEntity, 'id' | 'name' | 'country'>): Promise<IssuedCertificate & { keyId: string }> {
    return issueCustodialOrganisationCertificate(this.keyStore, this.exchangePki.issuer(), identity(organisation), { ...this.options(), keySpec: 'P-256' });
  }

  private options() {
    return { now: this.clock.now(), crlUrl: `${this.config.publicUrl}/api/v1/pki/crl` };
  }

  record(organisationId: string, issued: IssuedCertificate & { keyId?: string }, manager: EntityManager): Promise<CertificateEntity> {
    return this.certificates.insert(
      {
        serialNumber: issued.serialNumber,
        purpose: 'ORGANISATION',
        organisationId,
        subject: issued.subject,
        fingerprintSha256: issued.fingerprintSha256,
        der: issued.der,
        notBefore: issued.notBefore,
        notAfter: issued.notAfter,
        keyId: issued.keyId ?? null,
      },
      manager,
    );
  }
}

function identity(organisation: Pick<OrganisationEntity, 'id' | 'name' | 'country'>): { id: string; name: string; country: string } {
  if (!organisation.country) {
    throw new DomainError('CERTIFICATE_NOT_ALLOWED', 'The operator signs with the exchange\'s seal; it holds no organisation certificate.');
  }
  return { id: organisation.id, name: organisation.name, country: organisation.country };
}
