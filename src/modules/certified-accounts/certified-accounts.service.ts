import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DomainError } from '../../../libs/domain/errors.js';
import type { Principal } from '../../common/auth/principal.js';
import { validationError } from '../../common/errors/api-error.js';
import { OrganisationsRepository } from '../identity/organisations.repository.js';
import { CertifiedAccountEntity } from './certified-account.entity.js';
import type { CertifiedAccountDto, CertifiedAccountQueryDto, CreateCertifiedAccountDto } from './dto/certified-account.dto.js';

/** How handles compare: without case, without a leading @, without surrounding spaces. */
export function handleKey(handle: string): string {
  return handle.trim().replace(/^@/, '').toLowerCase();
}

/** The white list of certified accounts: the operator certifies, anyone signed in looks up, removal orders are checked against it. */
@Injectable()
export class CertifiedAccountsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly organisations: OrganisationsRepository,
  ) {}

  async certify(principal: Principal, input: CreateCertifiedAccountDto): Promise<CertifiedAccountDto> {
    const provider = await this.organisations.findById(input.providerId);
    const problems = [];
    if (provider?.kind !== 'PROVIDER') problems.push({ field: 'providerId', message: 'is not a provider of the directory (GET /providers)' });
    if (input.recommendedBy) {
      const authority = await this.organisations.findById(input.recommendedBy);
      if (authority?.kind !== 'AUTHORITY') problems.push({ field: 'recommendedBy', message: 'is not an authority of the exchange' });
    }
    if (problems.length) throw validationError(problems);
    const repository = this.dataSource.getRepository(CertifiedAccountEntity);
    const key = handleKey(input.handle);
    if (await repository.findOne({ where: { providerId: input.providerId, handleKey: key } })) {
      throw new DomainError('CERTIFIED_ACCOUNT_EXISTS', `${input.handle} is already certified on this provider.`);
    }
    const entity = repository.create({ id: randomUUID(), providerId: input.providerId, handle: input.handle.trim(), handleKey: key, holder: input.holder, recommendedBy: input.recommendedBy ?? null, certifiedBy: principal.userId });
    return view(await repository.save(entity));
  }

  async list(query: CertifiedAccountQueryDto): Promise<CertifiedAccountDto[]> {
    const rows = await this.dataSource.getRepository(CertifiedAccountEntity).find({
      where: { ...(query.providerId ? { providerId: query.providerId } : {}), ...(query.handle ? { handleKey: handleKey(query.handle) } : {}) },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: 500,
    });
    return rows.map(view);
  }

  async remove(id: string): Promise<void> {
    const result = await this.dataSource.getRepository(CertifiedAccountEntity).delete({ id });
    if (!result.affected) throw new DomainError('CERTIFIED_ACCOUNT_NOT_FOUND', `No certified account ${id}.`);
  }

  /** The certified accounts among these handles on this provider. */
  async certifiedAmong(providerId: string, handles: readonly string[]): Promise<CertifiedAccountDto[]> {
    if (handles.length === 0) return [];
    const keys = [...new Set(handles.map(handleKey))];
    const rows = await this.dataSource.getRepository(CertifiedAccountEntity).createQueryBuilder('a').where('a.provider_id = :providerId AND a.handle_key IN (:...keys)', { providerId, keys }).getMany();
    return rows.map(view);
  }
}

function view(row: CertifiedAccountEntity): CertifiedAccountDto {
  return { id: row.id, providerId: row.providerId, handle: row.handle, holder: row.holder, recommendedBy: row.recommendedBy, certifiedAt: row.createdAt.toISOString() };
}
