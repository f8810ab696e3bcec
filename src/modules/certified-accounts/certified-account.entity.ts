import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * An account on a provider's service certified by the operator, on an authority's
 * recommendation, as a civil-society voice (counter-narratives, parody): the white list of the
 * French-British action plan of 13 June 2017, point 2. A removal order naming it is refused
 * unless the issuer overrides with a reason every party sees.
 */
@Entity({ name: 'certified_accounts' })
@Index('ux_certified_accounts_provider_handle', ['providerId', 'handleKey'], { unique: true })
export class CertifiedAccountEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'provider_id', type: 'uuid' })
  providerId: string;

  /** As given. */
  @Column({ type: 'varchar', length: 200 })
  handle: string;

  /** Lower case, without a leading @: how handles are compared. */
  @Column({ name: 'handle_key', type: 'varchar', length: 200 })
  handleKey: string;

  /** Who holds it (an association, a journalist, a satirist). */
  @Column({ type: 'varchar', length: 300 })
  holder: string;

  /** The authority that recommended the certification. */
  @Column({ name: 'recommended_by', type: 'uuid', nullable: true })
  recommendedBy: string | null;

  @Column({ name: 'certified_by', type: 'uuid' })
  certifiedBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
