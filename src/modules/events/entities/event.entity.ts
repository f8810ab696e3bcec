import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One event for one receiving organisation: the transactional outbox. Written in the same
 * transaction as the step (or clock mark) it tells of, so a committed step always has its events
 * and a rolled-back one never does. `seq` is given by the one dispatcher at a time, in the order
 * events become visible, so a reader that resumes after a seq misses nothing (SSE Last-Event-ID).
 */
@Entity({ name: 'events' })
@Index('ix_events_organisation_seq', ['organisationId', 'seq'])
@Index('ix_events_undispatched', ['written'], { where: '"seq" IS NULL' })
export class EventEntity {
  /** The event id: `webhook-id` on every delivery attempt, `id:` in the stream. */
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'bigint', nullable: true, unique: true })
  seq: string | null;

  /** Order of writing (two events of one step keep their order through the dispatcher). */
  @Column({ type: 'bigint', generated: 'identity', generatedIdentity: 'ALWAYS' })
  written: string;

  /** Who receives it. */
  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId: string;

  @Column({ type: 'varchar', length: 40 })
  type: string;

  /** The exact JSON body `{ type, timestamp, data }`, signed as is on every attempt. */
  @Column({ type: 'text' })
  body: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
