import { Column, CreateDateColumn, Entity, Index, OneToMany, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { AuthorityType, OrganisationKind } from '../../../../libs/domain/identity.js';
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

  /** Access provider sharing public IPv4 addresses (carrier-grade NAT): identification needs ports. */
  @Column({ name: 'cgnat_operator', type: 'boolean', default: false })
  cgnatOperator: boolean;

  @OneToMany(() => EstablishmentEntity, (establishment) => establishment.organisation, { cascade: ['insert'] })
  establishments: Relation<EstablishmentEntity>[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
