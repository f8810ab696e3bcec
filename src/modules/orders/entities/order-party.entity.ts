import { CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import type { OrderParty } from '../../../../libs/domain/order-lifecycle.js';
import { OrganisationEntity } from '../../identity/entities/organisation.entity.js';
import { OrderEntity } from './order.entity.js';

/**
 * Who may see an order: one row per organisation and the part it plays. The one place order
 * visibility is decided (OrdersRepository reads it for every read and list). A provider's row is
 * written only when the order is issued, so it never sees a draft or a pending validation.
 */
@Entity({ name: 'order_parties' })
@Index('ix_order_parties_organisation', ['organisationId'])
export class OrderPartyEntity {
  @PrimaryColumn({ name: 'order_id', type: 'uuid' })
  orderId: string;

  @PrimaryColumn({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @PrimaryColumn({ type: 'varchar', length: 24 })
  party: Exclude<OrderParty, 'SYSTEM'>;

  @ManyToOne(() => OrderEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'order_id', foreignKeyConstraintName: 'fk_order_parties_order' })
  order: Relation<OrderEntity>;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'fk_order_parties_organisation' })
  organisation: Relation<OrganisationEntity>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
