import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One entry of the transparency log: the step logged at `index`. Append-only (a trigger refuses changes). */
@Entity({ name: 'log_entries' })
@Index('ux_log_entries_step', ['stepId'], { unique: true })
export class LogEntryEntity {
  /** The entry's leaf index in the tree, from 0, without gaps. */
  @PrimaryColumn({ type: 'bigint' })
  index: string;

  /**
   * The order_steps row (no foreign key on purpose: the log is the independent record, and a step
   * row removed behind the triggers' back must show as a hash the log holds and the chain lacks).
   */
  @Column({ name: 'step_id', type: 'uuid' })
  stepId: string;


  /** The 32 raw bytes of the step's `hash`: what the entry bundles serve. */
  @Column({ type: 'bytea' })
  entry: Buffer;
}
