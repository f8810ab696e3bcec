import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { OrderEntity } from '../../orders/entities/order.entity.js';

/** A file a provider delivered for an order, named by its SHA-256 (ETSI EN 319 522). */
@Entity({ name: 'evidence' })
@Index('ix_evidence_order', ['orderId', 'createdAt'])
export class EvidenceEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId: string;

  @ManyToOne(() => OrderEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'order_id', foreignKeyConstraintName: 'fk_evidence_order' })
  order: Relation<OrderEntity>;

  @Column({ type: 'varchar', length: 255 })
  filename: string;

  @Column({ name: 'media_type', type: 'varchar', length: 255 })
  mediaType: string;

  /** Bytes; bigint reads back as a string. */
  @Column({ type: 'bigint' })
  size: string;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  /** Where the blob store keeps it (content-addressed). */
  @Column({ name: 'storage_key', type: 'varchar', length: 200 })
  storageKey: string;

  @Column({ name: 'uploaded_by', type: 'uuid' })
  uploadedBy: string;

  /** The production step that delivered it; null until the provider signs its production. */
  @Column({ name: 'production_seq', type: 'int', nullable: true })
  productionSeq: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
