import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A single-use nonce for certificate login. The presented certificate is kept as sent: it is
 * checked (known to us, chain, validity, revocation) when the signed nonce comes back.
 */
@Entity({ name: 'auth_challenges' })
@Index('ix_auth_challenges_expires', ['expiresAt'])
export class AuthChallengeEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'certificate_der', type: 'bytea' })
  certificateDer: Buffer;

  @Column({ type: 'bytea' })
  nonce: Buffer;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  /** Set by the first login attempt, successful or not: a nonce is never accepted twice. */
  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
