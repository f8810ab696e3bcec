import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { EstablishmentRole } from '../../../../libs/domain/identity.js';
import { OrganisationEntity } from './organisation.entity.js';

/** Where a provider receives orders in one country, and in which languages. */
@Entity({ name: 'establishments' })
@Index('ux_establishments_org_country_role', ['organisationId', 'country', 'role'], { unique: true })
export class EstablishmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => OrganisationEntity, (organisation) => organisation.establishments, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'fk_establishments_organisation' })
  organisation: Relation<OrganisationEntity>;

  @Column({ type: 'char', length: 2 })
  country: string;

  @Column({ type: 'varchar', length: 32 })
  role: EstablishmentRole;

  /** ISO 639-1 codes, in the provider's order of preference. */
  @Column({ type: 'varchar', length: 2, array: true })
  languages: string[];
}
