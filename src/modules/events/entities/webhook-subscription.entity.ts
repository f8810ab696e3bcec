import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** Where an organisation wants its events POSTed (Standard Webhooks v1). */
@Entity({ name: 'webhook_subscriptions' })
@Index('ix_webhook_subscriptions_organisation', ['organisationId'])
export class WebhookSubscriptionEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @Column({ type: 'varchar', length: 2048 })
  url: string;

  /** Event types to send; null: all. */
  @Column({ type: 'varchar', length: 40, array: true, nullable: true })
  events: string[] | null;

  /** The `whsec_` secret, encrypted under a key derived from KEY_ENCRYPTION_KEY; shown once, at creation. */
  @Column({ name: 'secret_sealed', type: 'bytea' })
  secretSealed: Buffer;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Set when the receiver answered 410 Gone, or the subscription was deleted. */
  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  @Column({ name: 'disabled_reason', type: 'varchar', length: 200, nullable: true })
  disabledReason: string | null;
}
