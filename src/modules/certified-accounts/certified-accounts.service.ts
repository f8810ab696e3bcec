import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { isUniqueViolation } from '../../database/unique-violation.js';

import { handleKey, targetHandleKeys } from '../../../libs/domain/account-handles.js';
import { DomainError } from '../../../libs/domain/errors.js';
import type { OrderContent } from '../../../libs/domain/order-content.js';
import type { Principal } from '../../common/auth/principal.js';
import { validationError } from '../../common/errors/api-error.js';
import { OrganisationsRepository } from '../identity/organisations.repository.js';
import { CertifiedAccountEntity } from './certified-account.entity.js';
import type { CertifiedAccountDto, CertifiedAccountQueryDto, CreateCertifiedAccountDto } from './dto/certified-account.dto.js';


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
    const key = handleKey(input.handle);
    if (key.length === 0) problems.push({ field: 'handle', message: 'names no account once spaces, @ and invisible characters are removed' });
    if (problems.length) throw validationError(problems);
    const repository = this.dataSource.getRepository(CertifiedAccountEntity);
    const exists = () => new DomainError('CERTIFIED_ACCOUNT_EXISTS', `${input.handle} is already certified on this provider.`);
    if (await repository.findOne({ where: { providerId: input.providerId, handleKey: key } })) throw exists();
    const entity = repository.create({ id: randomUUID(), providerId: input.providerId, handle: input.handle.trim(), handleKey: key, holder: input.holder, recommendedBy: input.recommendedBy ?? null, certifiedBy: principal.userId });
    try {
      return view(await repository.insert(entity).then(() => entity));
    } catch (error) {
      // Two concurrent certifications can both pass the check; the unique index decides.
      if (isUniqueViolation(error)) throw exists();
      throw error;
    }
  }

  /**
   * The white list names the holders of counter-narrative and parody accounts: only the operator
   * lists it; anyone else looks up one account it names (provider and handle).
   */
  async list(principal: Principal, query: CertifiedAccountQueryDto): Promise<CertifiedAccountDto[]> {
    if (!principal.roles.includes('OPERATOR')) {
      const missing = (['providerId', 'handle'] as const).filter((field) => !query[field]);
      if (missing.length) throw validationError(missing.map((field) => ({ field, message: 'is required: name the account you look up (provider and handle); only the operator lists the white list' })));
    }
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

  /** The certified accounts among these handle keys on this provider. */
  async certifiedAmong(providerId: string, keys: readonly string[]): Promise<CertifiedAccountDto[]> {
    if (keys.length === 0) return [];
    const rows = await this.dataSource.getRepository(CertifiedAccountEntity).createQueryBuilder('a').where('a.provider_id = :providerId AND a.handle_key IN (:...keys)', { providerId, keys }).getMany();
    return rows.map(view);
  }
}

/** A certified account a removal order names, and the target that names it (`targets[0].accountHandle`, or `.value` for its URL). */
export interface NamedCertifiedAccount extends CertifiedAccountDto {
  field: string;
}

/**
 * The certified accounts a removal order's targets name, by their `accountHandle` or by their URL
 * (`account-handles.ts`), with the field that names each.
 */
export async function certifiedNamedBy(service: CertifiedAccountsService, content: OrderContent): Promise<NamedCertifiedAccount[]> {
  const keysOf = content.targets.map((target) => targetHandleKeys(target));
  const found = await service.certifiedAmong(content.providerId, [...new Set(keysOf.flat())]);
  return found.map((account) => {
    const key = handleKey(account.handle);
    const index = keysOf.findIndex((keys) => keys.includes(key));
    const target = content.targets[index];
    const byHandle = target?.accountHandle !== undefined && handleKey(target.accountHandle) === key;
    return { ...account, field: `targets[${index}].${byHandle ? 'accountHandle' : 'value'}` };
  });
}

/**
 * CERTIFIED_ACCOUNT: a removal order naming a certified account goes ahead only if the issuer
 * overrides with a reason, and only for the accounts that override covers (`covered`, recorded on
 * the order when drafted); one certified since must be overridden by amending the draft.
 */
export function refuseCertified(content: OrderContent, found: readonly NamedCertifiedAccount[], covered: readonly { handle: string }[] | null): void {
  const coveredKeys = new Set((covered ?? []).map((account) => handleKey(account.handle)));
  const refused = content.overrideCertified && covered ? found.filter((account) => !coveredKeys.has(handleKey(account.handle))) : content.overrideCertified ? [] : [...found];
  if (refused.length === 0) return;
  const names = refused.map((account) => `${account.handle} (${account.holder})`).join(', ');
  const remedy = content.overrideCertified ? 'It was certified after the override was given: amend the draft (its override then covers it) before issuing' : 'Send overrideCertified with a reason to go ahead; every party will see it';
  throw new DomainError('CERTIFIED_ACCOUNT', `The removal order names a certified account: ${names}. ${remedy}.`, {
    accounts: refused.map(({ id, handle, holder }) => ({ id, handle, holder })),
    errors: refused.map((account) => ({ field: account.field, message: `is certified (${account.holder})` })),
  });
}

function view(row: CertifiedAccountEntity): CertifiedAccountDto {
  return { id: row.id, providerId: row.providerId, handle: row.handle, holder: row.holder, recommendedBy: row.recommendedBy, certifiedAt: row.createdAt.toISOString() };
}
