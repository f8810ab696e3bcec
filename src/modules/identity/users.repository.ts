import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../../common/auth/principal.js';
import { anyOf } from '../../database/prepared-statements.js';
import { UserEntity } from './entities/user.entity.js';

@Injectable()
export class UsersRepository {
  constructor(private readonly dataSource: DataSource) {}

  private manager(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  findByEmail(email: string, manager?: EntityManager): Promise<UserEntity | null> {
    return this.manager(manager).findOne(UserEntity, { where: { email: normaliseEmail(email) } });
  }

  /**
   * The caller behind a token, read on every authenticated request and only while the account
   * is active and its organisation not suspended (so either applies at once), with its organisation's current custodial
   * certificate (a revoked one stops signing on the next request too). One plain query: TypeORM's
   * relation loading cost about 1 ms of CPU here, which capped the whole API at a few hundred
   * requests a second.
   */
  async findActivePrincipal(id: string, manager?: EntityManager): Promise<Principal | null> {
    const rows: Principal[] = await this.manager(manager).query(
      `SELECT u.id AS "userId", u.email, u.name, u.roles, u.organisation_id AS "organisationId",
              o.name AS "organisationName", o.kind AS "organisationKind", o.country AS "organisationCountry",
              o.authority_type AS "authorityType",
              u.totp_enabled_at IS NOT NULL AS "totpEnabled", o.require_totp AS "organisationRequiresTotp",
              (SELECT c.id FROM certificates c
                WHERE c.organisation_id = o.id AND c.key_id IS NOT NULL AND c.revoked_at IS NULL
                ORDER BY c.created_at DESC LIMIT 1) AS "custodialCertificateId"
         FROM users u JOIN organisations o ON o.id = u.organisation_id
        WHERE u.id = $1 AND u.active AND o.suspended_at IS NULL`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** People by id, for the names the API and the forms show beside the ids they record. */
  findPeople(ids: readonly string[], manager?: EntityManager): Promise<Pick<UserEntity, 'id' | 'name' | 'function' | 'organisationId'>[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.manager(manager).find(UserEntity, { where: { id: anyOf(ids) }, select: { id: true, name: true, function: true, organisationId: true } });
  }

  /** The organisation's system account (certificate login), if it has one yet. */
  findServiceAccount(organisationId: string, manager?: EntityManager): Promise<UserEntity | null> {
    return this.manager(manager).findOne(UserEntity, { where: { organisationId, kind: 'SERVICE' }, order: { createdAt: 'ASC' } });
  }

  findById(id: string, manager?: EntityManager): Promise<UserEntity | null> {
    return this.manager(manager).findOne(UserEntity, { where: { id } });
  }

  /** The people of an organisation (not its system account), by name. */
  findPeopleOf(organisationId: string, manager?: EntityManager): Promise<UserEntity[]> {
    return this.manager(manager).find(UserEntity, { where: { organisationId, kind: 'PERSON' }, order: { name: 'ASC', id: 'ASC' } });
  }

  /** Starts (or starts again) an enrolment: the factor enabled so far, if any, still holds until it is confirmed. */
  async startTotpEnrolment(id: string, pendingSealed: Buffer): Promise<void> {
    await this.dataSource.manager.update(UserEntity, { id }, { totpPendingSecretSealed: pendingSealed });
  }

  /**
   * The enrolment becomes the factor, and the step its first code was accepted for is used up.
   * Conditional on the pending secret being the one the code was checked against: an enrolment
   * started again meanwhile is not confirmed by the old one's code.
   */
  async confirmTotpEnrolment(id: string, pendingSealed: Buffer, step: number, at: Date): Promise<boolean> {
    return this.conditionalUpdate(
      { totpSecretSealed: pendingSealed, totpPendingSecretSealed: null, totpEnabledAt: at, totpLastStep: step },
      'id = :id AND totp_pending_secret_sealed = :pending',
      { id, pending: pendingSealed },
    );
  }

  /**
   * Accepts a code's time step, in one statement, only when it is later than the last one
   * accepted and the secret is still the one the code was checked against: of two requests
   * with one code, exactly one passes (the row lock orders them; the second sees the new step).
   */
  acceptTotpStep(id: string, secretSealed: Buffer, step: number): Promise<boolean> {
    return this.conditionalUpdate({ totpLastStep: step }, 'id = :id AND totp_secret_sealed = :secret AND (totp_last_step IS NULL OR totp_last_step < :step)', { id, secret: secretSealed, step });
  }

  /** Removes the factor with a fresh code, under the same conditions as accepting one. */
  disableTotp(id: string, secretSealed: Buffer, step: number): Promise<boolean> {
    return this.conditionalUpdate(NO_TOTP, 'id = :id AND totp_secret_sealed = :secret AND (totp_last_step IS NULL OR totp_last_step < :step)', { id, secret: secretSealed, step });
  }

  /** The operator's reset (a lost phone): no factor and no enrolment left. Answers whether there was either. */
  resetTotp(id: string): Promise<boolean> {
    return this.conditionalUpdate(NO_TOTP, 'id = :id AND (totp_secret_sealed IS NOT NULL OR totp_pending_secret_sealed IS NOT NULL)', { id });
  }

  private async conditionalUpdate(changes: Partial<UserEntity>, where: string, parameters: Record<string, unknown>): Promise<boolean> {
    const result = await this.dataSource.createQueryBuilder().update(UserEntity).set(changes as never).where(where, parameters).returning(['id']).execute();
    return (result.raw as unknown[]).length === 1;
  }

  async emailTaken(email: string, manager: EntityManager): Promise<boolean> {
    return (await manager.count(UserEntity, { where: { email: normaliseEmail(email) } })) > 0;
  }

  insert(user: Omit<Partial<UserEntity>, 'email'> & { email: string }, manager: EntityManager): Promise<UserEntity> {
    return manager.save(UserEntity, manager.create(UserEntity, { ...user, email: normaliseEmail(user.email) }));
  }
}

const NO_TOTP: Partial<UserEntity> = { totpSecretSealed: null, totpPendingSecretSealed: null, totpEnabledAt: null, totpLastStep: null };

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
