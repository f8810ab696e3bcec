import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { OrganisationEntity } from './entities/organisation.entity.js';
import { UserEntity } from './entities/user.entity.js';

export type UserWithOrganisation = UserEntity & { organisation: OrganisationEntity };

@Injectable()
export class UsersRepository {
  constructor(private readonly dataSource: DataSource) {}

  private manager(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  findByEmail(email: string, manager?: EntityManager): Promise<UserWithOrganisation | null> {
    return this.manager(manager).findOne(UserEntity, {
      where: { email: normaliseEmail(email) },
      relations: { organisation: true },
    }) as Promise<UserWithOrganisation | null>;
  }

  /** The user behind a token, only while the account is active (revocation applies at once). */
  findActiveById(id: string, manager?: EntityManager): Promise<UserWithOrganisation | null> {
    return this.manager(manager).findOne(UserEntity, {
      where: { id, active: true },
      relations: { organisation: true },
    }) as Promise<UserWithOrganisation | null>;
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
