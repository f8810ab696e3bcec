import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { OrderEntity } from './order.entity.js';

/**
 * A resumable evidence upload in progress (`Content-Range` chunks): the declared file, and how
 * many bytes have arrived. The bytes sit in the blob store's part file until the last chunk
 * arrives and the whole file matches its declared SHA-256.
 */
@Entity({ name: 'evidence_uploads' })
@Index('ix_evidence_uploads_order', ['orderId'])
export class EvidenceUploadEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId: string;

  @ManyToOne(() => OrderEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'order_id', foreignKeyConstraintName: 'fk_evidence_uploads_order' })
  order: Relation<OrderEntity>;

  @Column({ name: 'uploaded_by', type: 'uuid' })
  uploadedBy: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @Column({ type: 'varchar', length: 255 })
  filename: string;

  @Column({ name: 'media_type', type: 'varchar', length: 255 })
  mediaType: string;

  /** Declared total size and SHA-256 (hex) of the whole file. */
  @Column({ type: 'bigint' })
  size: string;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  /** Bytes received so far, in order. */
  @Column({ name: 'received', type: 'bigint' })
  received: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
