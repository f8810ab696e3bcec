import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { ActorRole, OrderAction, OrderStatus } from '../../../../libs/domain/order-lifecycle.js';
import { OrderEntity } from '../../orders/entities/order.entity.js';

/**
 * One signed step of an order's chain (docs/api.md, "A signed step"). Append-only: triggers refuse
 * UPDATE, DELETE and TRUNCATE. The signed bytes are kept exactly as signed (bytea), never as jsonb, which
 * would reorder keys.
 */
@Entity({ name: 'order_steps' })
@Index('ux_order_steps_seq', ['orderId', 'seq'], { unique: true })
export class OrderStepEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId: string;

  @ManyToOne(() => OrderEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'order_id', foreignKeyConstraintName: 'fk_order_steps_order' })
  order: Relation<OrderEntity>;

  @Column({ type: 'int' })
  seq: number;

  @Column({ type: 'varchar', length: 32 })
  action: OrderAction;

  @Column({ name: 'from_status', type: 'varchar', length: 32, nullable: true })
  fromStatus: OrderStatus | null;

  @Column({ name: 'to_status', type: 'varchar', length: 32 })
  toStatus: OrderStatus;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId: string | null;

  @Column({ name: 'actor_organisation_id', type: 'uuid', nullable: true })
  actorOrganisationId: string | null;

  @Column({ name: 'actor_role', type: 'varchar', length: 16 })
  actorRole: ActorRole;

  /** RFC 8785 bytes of the payload, whose SHA-256 is payloadSha256. */
  @Column({ type: 'bytea' })
  payload: Buffer;

  /** RFC 8785 bytes of what the exchange derived for the step (route, manifest...), whose SHA-256 is recordSha256. */
  @Column({ type: 'bytea' })
  record: Buffer;

  @Column({ name: 'payload_sha256', type: 'char', length: 64 })
  payloadSha256: string;

  @Column({ name: 'prev_hash', type: 'char', length: 64 })
  prevHash: string;

  @Column({ type: 'char', length: 64 })
  hash: string;

  /** RFC 8785 bytes of the step: what `hash` and the seal cover. */
  @Column({ type: 'bytea' })
  canonical: Buffer;

  /** What the acting organisation signed, and its detached CMS. */
  @Column({ name: 'intent_canonical', type: 'bytea' })
  intentCanonical: Buffer;

  @Column({ name: 'intent_cms', type: 'bytea' })
  intentCms: Buffer;

  @Column({ name: 'signer_fingerprint_sha256', type: 'char', length: 64 })
  signerFingerprintSha256: string;

  /** CLIENT: the organisation's own system signed; CUSTODIAL: its key held by the exchange; EXCHANGE: the exchange's seal (clock steps). */
  @Column({ name: 'signed_by', type: 'varchar', length: 16 })
  signedBy: 'CLIENT' | 'CUSTODIAL' | 'EXCHANGE';

  @Column({ name: 'seal_cms', type: 'bytea' })
  sealCms: Buffer;

  @Column({ name: 'timestamp_token', type: 'bytea' })
  timestampToken: Buffer;
}
