import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One item removed under a removal order, in the shared "notice and stay down" list: its hashes
 * and the order it was removed under, never the content. `seq` is taken from a sequence when the
 * row is written and again when it changes (an order revoked after scrutiny withdraws its
 * hashes), so every instance keeps its in-memory index in step by reading the rows past the last
 * `seq` it saw.
 */
@Entity({ name: 'stay_down_entries' })
@Index('ix_stay_down_entries_seq', ['seq'])
@Index('ix_stay_down_entries_order', ['orderId'])
export class StayDownEntryEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'bigint' })
  seq: string;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId: string;

  @Column({ name: 'order_reference', type: 'varchar', length: 40 })
  orderReference: string;

  /** The provider that removed it. */
  @Column({ name: 'provider_id', type: 'uuid' })
  providerId: string;

  /** SHA-256 of the removed bytes (hex). */
  @Column({ type: 'char', length: 64 })
  sha256: string;

  /** PDQ hash of a removed image (hex), when the provider sent one. */
  @Column({ type: 'char', length: 64, nullable: true })
  pdq: string | null;

  /** The removal order named a certified account and the issuer overrode: matches are flagged. */
  @Column({ name: 'certified_account', type: 'boolean', default: false })
  certifiedAccount: boolean;

  /** The order was revoked after scrutiny (Reg. 2021/784 Art 4(5)): the hashes no longer count. */
  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null;

  @CreateDateColumn({ name: 'added_at', type: 'timestamptz' })
  addedAt: Date;
}
