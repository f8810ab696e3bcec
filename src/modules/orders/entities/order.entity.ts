import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn, type Relation } from 'typeorm';
import type { DataTier, OrderType } from '../../../../libs/domain/data-categories.js';
import type { HistoryStep } from '../../../../libs/domain/order-facts.js';
import type { OrderContent } from '../../../../libs/domain/order-content.js';
import type { OrderStatus } from '../../../../libs/domain/order-lifecycle.js';
import type { RoutingResult } from '../../../../libs/routing/index.js';
import { OrganisationEntity } from '../../identity/entities/organisation.entity.js';

/** The issuer's record at receipt, as stored (times as ISO 8601 text). */
export interface StoredIssuerRecord {
  /** Orders of the issuing authority that reached their addressee before this one did. */
  ordersSentBefore: number;
  /** Of those, to this order's provider. */
  ordersSentToYouBefore: number;
  /** When the issuer's last step up to receipt was signed, and when its certificate was issued. */
  signedAt: string | null;
  certificateIssuedAt: string | null;
}

/**
 * One order: one certificate (EPOC, EPOC-PR or another route's form). The signed truth is its
 * chain of steps (order_steps); this row is the current state, kept in step with the chain in
 * the same transaction, for reading and listing.
 */
@Entity({ name: 'orders' })
@Index('ux_orders_reference', ['reference'], { unique: true })
@Index('ix_orders_issuing', ['issuingOrganisationId', 'createdAt'])
@Index('ix_orders_provider', ['providerId', 'createdAt'])
@Index('ix_orders_next_clock', ['nextClockAt'], { where: '"next_clock_at" IS NOT NULL' })
@Index('ix_orders_updated', ['updatedAt'])
export class OrderEntity {
  /** Chosen by the exchange before the first step, which signs it. */
  @PrimaryColumn('uuid')
  id: string;

  /** Human reference on every form, e.g. EVX-2026-7KQ3M9XD. */
  @Column({ type: 'varchar', length: 32 })
  reference: string;

  @Column({ type: 'varchar', length: 16 })
  type: OrderType;

  @Column({ type: 'varchar', length: 32 })
  status: OrderStatus;

  /** Grows by one with every step; `If-Match` compares against it. */
  @Column({ type: 'int' })
  version: number;

  /** The route chosen at creation (re-chosen on amendment); null never reaches the table. */
  @Column({ type: 'varchar', length: 40 })
  instrument: string;

  @Column({ type: 'varchar', length: 40 })
  form: string;

  @Column({ type: 'varchar', length: 4 })
  tier: DataTier;

  @Column({ type: 'boolean' })
  emergency: boolean;

  @Column({ name: 'issuing_organisation_id', type: 'uuid' })
  issuingOrganisationId: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'issuing_organisation_id', foreignKeyConstraintName: 'fk_orders_issuing_organisation' })
  issuingOrganisation: Relation<OrganisationEntity>;

  @Column({ name: 'issuing_country', type: 'char', length: 2 })
  issuingCountry: string;

  @Column({ name: 'provider_id', type: 'uuid' })
  providerId: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'provider_id', foreignKeyConstraintName: 'fk_orders_provider' })
  provider: Relation<OrganisationEntity>;

  /** Named at submission, or the authority that decided. */
  @Column({ name: 'validating_organisation_id', type: 'uuid', nullable: true })
  validatingOrganisationId: string | null;

  @Column({ name: 'evidence_recipient_id', type: 'uuid', nullable: true })
  evidenceRecipientId: string | null;

  /** The State whose enforcing authority reviews the order, when it is notified. */
  @Column({ name: 'enforcing_state', type: 'char', length: 2, nullable: true })
  enforcingState: string | null;

  /** The order as drafted, without Section M. A copy for reading: the signed bytes are in the steps. */
  @Column({ type: 'jsonb' })
  content: Omit<OrderContent, 'caseSummary' | 'necessityGrounds'>;

  /** Section M (case summary, necessity grounds): for the enforcing authority, never the provider. */
  @Column({ name: 'section_m', type: 'jsonb', nullable: true })
  sectionM: { caseSummary?: string; necessityGrounds?: string } | null;

  @Column({ type: 'jsonb' })
  routing: RoutingResult;

  /** CLARIFY returns the order here. */
  @Column({ name: 'resume_status', type: 'varchar', length: 32, nullable: true })
  resumeStatus: OrderStatus | null;

  /** What the clocks read of each step, kept beside the order so a list does not load every chain. */
  @Column({ type: 'jsonb' })
  history: HistoryStep[];

  /**
   * When a clock of the order next needs the exchange (a reminder, a deadline passing, an expiry),
   * from libs/domain/order-events.ts; null when none runs. The clock job finds due orders by it.
   */
  @Column({ name: 'next_clock_at', type: 'timestamptz', nullable: true })
  nextClockAt: Date | null;

  /**
   * What the provider is shown of the issuing authority, as it stood when the order reached its
   * addressee (written by the step of receipt, with issuer_sent_counts); null before receipt.
   */
  @Column({ name: 'issuer_record', type: 'jsonb', nullable: true })
  issuerRecord: StoredIssuerRecord | null;

  /** The clock marks already sent (reminders, overdue), so none is sent twice. */
  @Column({ name: 'clock_marks', type: 'jsonb', default: () => "'[]'" })
  clockMarks: string[];

  /** The clock job holds the order until then while it works on it (SKIP LOCKED across instances). */
  @Column({ name: 'clock_locked_until', type: 'timestamptz', nullable: true })
  clockLockedUntil: Date | null;

  @Column({ name: 'last_step_hash', type: 'char', length: 64 })
  lastStepHash: string;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
