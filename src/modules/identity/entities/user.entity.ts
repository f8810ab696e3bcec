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

  /**
   * The second factor (TOTP, RFC 6238): the shared secret sealed under KEY_ENCRYPTION_KEY
   * (libs/pki secret-box, purpose `totp secrets`), set once an enrolment is confirmed.
   */
  @Column({ name: 'totp_secret_sealed', type: 'bytea', nullable: true })
  totpSecretSealed: Buffer | null;

  /** An enrolment started and not yet confirmed with a code: the old factor, if any, still holds. */
  @Column({ name: 'totp_pending_secret_sealed', type: 'bytea', nullable: true })
  totpPendingSecretSealed: Buffer | null;

  @Column({ name: 'totp_enabled_at', type: 'timestamptz', nullable: true })
  totpEnabledAt: Date | null;

  /** The last time step a code was accepted for: that step and every earlier one are refused (a code is good once). */
  @Column({ name: 'totp_last_step', type: 'bigint', nullable: true, transformer: { to: (value: number | null) => value, from: (value: string | null) => (value === null ? null : Number(value)) } })
  totpLastStep: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
