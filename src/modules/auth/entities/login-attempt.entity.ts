import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Login attempts in the current one-minute window of one key, shared by every instance on the
 * same database. The key is a SHA-256 digest: no e-mail address or client address is stored.
 */
@Entity({ name: 'login_attempts' })
@Index('ix_login_attempts_window_start', ['windowStart'])
export class LoginAttemptEntity {
  @PrimaryColumn({ type: 'bytea' })
  key: Buffer;

  @Column({ name: 'window_start', type: 'timestamptz' })
  windowStart: Date;

  @Column({ type: 'integer' })
  attempts: number;
}
