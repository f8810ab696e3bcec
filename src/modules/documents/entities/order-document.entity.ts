import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import type { DocumentAudience, DocumentForm } from '../../../../libs/pdf/index.js';
import { OrderEntity } from '../../orders/entities/order.entity.js';

/** One language version of a signed document, stored in the blob store under its SHA-256. */
export interface Rendition {
  language: string;
  sha256: string;
  size: number;
  /** SHA-256 of the embedded `order.json`, as printed on the pages. */
  jsonSha256: string;
  /** SIGNER: made with the step, signed by the acting organisation; EXCHANGE: a later translation sealed by the exchange. Absent on documents made before translations. */
  sealedBy?: 'SIGNER' | 'EXCHANGE';
}

/**
 * A signed PDF an order's step produced (EPOC at issue, Annex III with a refusal...), recorded by
 * digest in that step's record: made in the order's language with the step, and in other
 * languages when first asked for, each embedding the same order.json (`model`, `jsonSha256`).
 */
@Entity({ name: 'order_documents' })
@Index('ix_order_documents_order', ['orderId', 'createdAt'])
export class OrderDocumentEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId: string;

  @ManyToOne(() => OrderEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'order_id', foreignKeyConstraintName: 'fk_order_documents_order' })
  order: Relation<OrderEntity>;

  /** The step whose record names this document. */
  @Column({ name: 'step_seq', type: 'int' })
  stepSeq: number;

  @Column({ type: 'varchar', length: 40 })
  form: DocumentForm;

  /** ENFORCING_AUTHORITY copies carry Section M and are never shown to the provider. */
  @Column({ type: 'varchar', length: 24 })
  audience: DocumentAudience;

  @Column({ name: 'signer_fingerprint_sha256', type: 'char', length: 64 })
  signerFingerprintSha256: string;

  /** The language the step made it in. Null on documents made before translations. */
  @Column({ type: 'varchar', length: 8, nullable: true })
  language: string | null;

  /** The embedded order.json (RFC 8785 bytes) every rendition carries, and its SHA-256. */
  @Column({ name: 'json_sha256', type: 'char', length: 64, nullable: true })
  jsonSha256: string | null;

  @Column({ type: 'bytea', nullable: true })
  model: Buffer | null;

  @Column({ type: 'jsonb' })
  renditions: Rendition[];

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
