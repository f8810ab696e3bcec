import { Column, CreateDateColumn, Entity, Index, OneToMany, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { AuthorityDesignation, AuthorityType, OrganisationKind, ProviderService } from '../../../../libs/domain/identity.js';
import { EstablishmentEntity } from './establishment.entity.js';

@Entity({ name: 'organisations' })
@Index('ix_organisations_kind_name', ['kind', 'name'])
export class OrganisationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  kind: OrganisationKind;

  /** ISO 3166-1 alpha-2; null only for the operator, which belongs to no State. */
  @Column({ type: 'char', length: 2, nullable: true })
  country: string | null;

  @Column({ name: 'authority_type', type: 'varchar', length: 32, nullable: true })
  authorityType: AuthorityType | null;

  /** What an authority is designated for beside its type (central authority, designated authority, 24/7 point of contact). */
  @Column({ type: 'varchar', length: 24, array: true, default: () => "'{}'" })
  designations: AuthorityDesignation[];

  /** ISO 639-1 codes an authority accepts requests in, in its order of preference (a provider's are per establishment). */
  @Column({ type: 'varchar', length: 2, array: true, default: () => "'{}'" })
  languages: string[];

  /** Functional contact details, as the forms print them (Reg. 2023/1543 Annex I sections I, J, L). */
  @Column({ name: 'contact_email', type: 'varchar', length: 254, nullable: true })
  contactEmail: string | null;

  @Column({ name: 'contact_phone', type: 'varchar', length: 32, nullable: true })
  contactPhone: string | null;

  @Column({ name: 'contact_address', type: 'varchar', length: 500, nullable: true })
  contactAddress: string | null;

  /** Suspended by the operator: its users' tokens stop at once, its certificates are revoked. */
  @Column({ name: 'suspended_at', type: 'timestamptz', nullable: true })
  suspendedAt: Date | null;

  @Column({ name: 'suspension_reason', type: 'varchar', length: 1000, nullable: true })
  suspensionReason: string | null;

  /** Access provider sharing public IPv4 addresses (carrier-grade NAT): identification needs ports. */
  @Column({ name: 'cgnat_operator', type: 'boolean', default: false })
  cgnatOperator: boolean;

  /** What a provider offers (hosting, electronic communications, domain names ...): routing reads it (a removal order goes only to a host). */
  @Column({ type: 'varchar', length: 32, array: true, default: () => "'{}'" })
  services: ProviderService[];

  /**
   * When a competent authority gave this provider the information on procedures and deadlines
   * that must precede its first removal order by at least 12 hours (Reg. 2021/784 Art 3(2)).
   */
  @Column({ name: 'removal_information_at', type: 'timestamptz', nullable: true })
  removalInformationAt: Date | null;

  /** Its people must sign in with a second factor (TOTP); one who has none is let in only to enrol one. */
  @Column({ name: 'require_totp', type: 'boolean', default: false })
  requireTotp: boolean;

  @OneToMany(() => EstablishmentEntity, (establishment) => establishment.organisation, { cascade: ['insert'] })
  establishments: Relation<EstablishmentEntity>[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
