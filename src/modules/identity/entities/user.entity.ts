import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { Role } from '../../../../libs/domain/identity.js';
import { OrganisationEntity } from './organisation.entity.js';

@Entity({ name: 'users' })
@Index('ux_users_email', ['email'], { unique: true })
@Index('ix_users_organisation', ['organisationId'])
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'fk_users_organisation' })
  organisation: Relation<OrganisationEntity>;

  /** Stored lower-cased, so the unique index is case-insensitive without citext. */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** The person's post, as a form prints it under the name ("Investigating judge", "Detective Sergeant"). */
  @Column({ name: 'function', type: 'varchar', length: 200, nullable: true })
  function: string | null;

  /** argon2id PHC string (see password-hasher.ts); never leaves the auth service. */
  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'varchar', length: 16, array: true })
  roles: Role[];

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /**
   * PERSON logs in with a password. SERVICE is an organisation's system account: it has no
   * password and logs in only with one of the organisation's certificates.
   */
  @Column({ type: 'varchar', length: 8, default: 'PERSON' })
  kind: 'PERSON' | 'SERVICE';

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
