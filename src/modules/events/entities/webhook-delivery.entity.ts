import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export type DeliveryStatus = 'PENDING' | 'DELIVERED' | 'FAILED';

/**
 * One event to one subscription, and how its delivery went: a queue (the due ones are claimed with
 * SKIP LOCKED under a lease, so each attempt runs on one instance) and the deliveries log.
 */
@Entity({ name: 'webhook_deliveries' })
@Index('ux_webhook_deliveries_event', ['subscriptionId', 'eventId'], { unique: true })
@Index('ix_webhook_deliveries_due', ['nextAttemptAt'], { where: `"status" = 'PENDING'` })
export class WebhookDeliveryEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'subscription_id', type: 'uuid' })
  subscriptionId: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ type: 'varchar', length: 16 })
  status: DeliveryStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null;

  /** An attempt in progress holds the delivery until then; a crashed instance's attempt is retried after it. */
  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  /** What the receiver last answered: `HTTP 503`, or why no answer came. */
  @Column({ name: 'last_answer', type: 'varchar', length: 300, nullable: true })
  lastAnswer: string | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
