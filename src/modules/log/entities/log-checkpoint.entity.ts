import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A tree head the log signed (C2SP tlog-checkpoint), one per sequencing batch. Append-only. */
@Entity({ name: 'log_checkpoints' })
export class LogCheckpointEntity {
  @PrimaryColumn({ type: 'bigint' })
  size: string;

  @Column({ name: 'root_hash', type: 'bytea' })
  rootHash: Buffer;

  /** The signed note as the log key signed it, without witness cosignatures (log_cosignatures). */
  @Column({ type: 'text' })
  note: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
