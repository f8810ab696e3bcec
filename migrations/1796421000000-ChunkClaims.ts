import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A resumable upload's chunk may arrive on any instance: the instance receiving one holds a claim
 * in the row (until `receiving_until`, renewed while bytes arrive) so that a second chunk sent at
 * the same time, to the same or another instance, is refused instead of interleaving.
 */
export class ChunkClaims1796421000000 implements MigrationInterface {
  name = 'ChunkClaims1796421000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "evidence_uploads" ADD "receiving_until" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "evidence_uploads" DROP COLUMN "receiving_until"`);
  }
}
