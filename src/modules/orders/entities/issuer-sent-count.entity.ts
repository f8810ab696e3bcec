import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { OrganisationEntity } from '../../identity/entities/organisation.entity.js';

/**
 * How many orders an issuing authority has sent to a provider on the exchange (orders that reached
 * their addressee). Bumped by the step of receipt, which freezes the provider's view of the
 * issuer's record (`orders.issuer_record`) from it: the count is never taken over the orders
 * themselves, whose number grows without bound.
 */
@Entity({ name: 'issuer_sent_counts' })
export class IssuerSentCountEntity {
  @PrimaryColumn({ name: 'issuing_organisation_id', type: 'uuid', primaryKeyConstraintName: 'PK_issuer_sent_counts' })
  issuingOrganisationId: string;

  @PrimaryColumn({ name: 'provider_id', type: 'uuid', primaryKeyConstraintName: 'PK_issuer_sent_counts' })
  providerId: string;

  @Column({ type: 'int' })
  sent: number;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'issuing_organisation_id', foreignKeyConstraintName: 'fk_issuer_sent_counts_issuer' })
  issuer: Relation<OrganisationEntity>;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'provider_id', foreignKeyConstraintName: 'fk_issuer_sent_counts_provider' })
  provider: Relation<OrganisationEntity>;
}
