import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A periodic task of the exchange (clean-ups): the instance that claims it when it is due runs it,
 * the others skip it, so it runs once per period however many instances there are.
 */
@Entity({ name: 'scheduled_tasks' })
export class ScheduledTaskEntity {
  @PrimaryColumn({ type: 'varchar', length: 60 })
  name: string;

  @Column({ name: 'next_run_at', type: 'timestamptz' })
  nextRunAt: Date;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;
}
