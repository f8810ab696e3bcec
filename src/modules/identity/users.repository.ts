import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { Principal } from '../../common/auth/principal.js';
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
    return this.manager(manager).find(UserEntity, { where: { id: In([...new Set(ids)]) }, select: { id: true, name: true, function: true, organisationId: true } });
  }

  /** The organisation's system account (certificate login), if it has one yet. */
  findServiceAccount(organisationId: string, manager?: EntityManager): Promise<UserEntity | null> {
    return this.manager(manager).findOne(UserEntity, { where: { organisationId, kind: 'SERVICE' }, order: { createdAt: 'ASC' } });
  }

  async emailTaken(email: string, manager: EntityManager): Promise<boolean> {
    return (await manager.count(UserEntity, { where: { email: normaliseEmail(email) } })) > 0;
  }

  insert(user: Omit<Partial<UserEntity>, 'email'> & { email: string }, manager: EntityManager): Promise<UserEntity> {
    return manager.save(UserEntity, manager.create(UserEntity, { ...user, email: normaliseEmail(user.email) }));
  }
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
