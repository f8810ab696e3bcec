import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A client's `Idempotency-Key` and what it answered (draft-ietf-httpapi-idempotency-key-header):
 * scoped to the user, fingerprinted by method, path and body, with the response stored in the
 * same transaction as the work it describes.
 */
@Entity({ name: 'idempotency_keys' })
@Index('ux_idempotency_keys_user_key', ['userId', 'key'], { unique: true })
@Index('ix_idempotency_keys_created', ['createdAt'])
export class IdempotencyKeyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'varchar', length: 255 })
  key: string;

  /** SHA-256 of method, path and body: the same key with another request answers 422. */
  @Column({ type: 'char', length: 64 })
  fingerprint: string;

  /** Until then a duplicate answers 409; after it a crashed request's key may be taken over. */
  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @Column({ name: 'response_status', type: 'int', nullable: true })
  responseStatus: number | null;

  @Column({ name: 'response_body', type: 'text', nullable: true })
  responseBody: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
