import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthChallengeEntity } from './entities/auth-challenge.entity.js';

@Injectable()
export class AuthChallengesRepository {
  constructor(private readonly dataSource: DataSource) {}

  create(certificateDer: Buffer, nonce: Buffer, expiresAt: Date): Promise<AuthChallengeEntity> {
    const manager = this.dataSource.manager;
    return manager.save(AuthChallengeEntity, manager.create(AuthChallengeEntity, { certificateDer, nonce, expiresAt }));
  }

  /**
   * Marks the challenge used and returns it, in one statement: of two concurrent attempts with
   * one nonce, exactly one gets it. A used or unknown challenge returns null.
   */
  async consume(id: string, at: Date): Promise<AuthChallengeEntity | null> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(AuthChallengeEntity)
      .set({ usedAt: at })
      .where('id = :id AND used_at IS NULL', { id })
      .returning(['id', 'certificateDer', 'nonce', 'expiresAt'])
      .execute();
    const row = (result.raw as { id: string; certificate_der: Buffer; nonce: Buffer; expires_at: Date }[])[0];
    if (!row) return null;
    return Object.assign(new AuthChallengeEntity(), { id: row.id, certificateDer: row.certificate_der, nonce: row.nonce, expiresAt: new Date(row.expires_at), usedAt: at });
  }

  /** Housekeeping: challenges are worthless once expired. */
  async deleteExpired(before: Date): Promise<void> {
    await this.dataSource.query('DELETE FROM auth_challenges WHERE expires_at < $1', [before]);
  }
}
