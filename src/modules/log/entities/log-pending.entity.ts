import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The log's transactional outbox: one row per step, written in the step's own transaction
 * (LedgerRepository.appendIn), so a committed step is always logged and a rolled-back one never.
 * The sequencer takes rows in id order, logs them and deletes them in one transaction.
 */
@Entity({ name: 'log_pending' })
@Index('ux_log_pending_step', ['stepId'], { unique: true })
export class LogPendingEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ name: 'step_id', type: 'uuid' })
  stepId: string;

  /** The log entry: the 32 raw bytes of the step's `hash`. */
  @Column({ type: 'bytea' })
  entry: Buffer;
}
