import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { LogCheckpointEntity } from './log-checkpoint.entity.js';

/** A witness's cosignature (C2SP tlog-cosignature) on one checkpoint, as its signature line. Append-only. */
@Entity({ name: 'log_cosignatures' })
export class LogCosignatureEntity {
  @PrimaryColumn({ type: 'bigint' })
  size: string;

  @ManyToOne(() => LogCheckpointEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'size', foreignKeyConstraintName: 'fk_log_cosignatures_checkpoint' })
  checkpoint: Relation<LogCheckpointEntity>;

  /** The witness's verifier key, `<name>+<key ID>+<base64>` (as in LOG_WITNESSES). */
  @PrimaryColumn({ type: 'varchar', length: 300 })
  witness: string;

  /** `— <name> <base64>`, verified against the witness key before it was stored. */
  @Column({ type: 'text' })
  line: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
