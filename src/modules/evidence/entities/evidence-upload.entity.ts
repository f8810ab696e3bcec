import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { OrderEntity } from '../../orders/entities/order.entity.js';

/**
 * Room taken by evidence on its way. RESUMABLE: an upload in `Content-Range` chunks, the declared
 * file and how many bytes have arrived (the bytes sit in the blob store's part file until the last
 * chunk arrives and the whole file matches its declared SHA-256). STREAM: a one-shot upload's
 * reservation while its body streams, held by a lease its request renews.
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

  @Column({ type: 'varchar', length: 16, default: 'RESUMABLE' })
  kind: 'RESUMABLE' | 'STREAM';

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

  /** STREAM: the reservation ends then unless renewed (a crashed upload gives its room back). */
  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true })
  leaseUntil: Date | null;

  /**
   * RESUMABLE: a chunk is arriving (on whichever instance) until then; another chunk is refused
   * meanwhile. Renewed while its bytes stream; a crashed instance's claim simply runs out.
   */
  @Column({ name: 'receiving_until', type: 'timestamptz', nullable: true })
  receivingUntil: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
