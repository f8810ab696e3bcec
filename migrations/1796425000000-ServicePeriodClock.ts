import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The clock job learnt a new instant to wake at: the end of a hop's service period (an overseas
 * production order not certified within 3 months of its making is quashed, COPOA 2019 s.9, and
 * the exchange withdraws it). Orders already waiting at a hop had their next instant computed
 * without it: the job looks at each of them once now, and computes it again.
 */
export class ServicePeriodClock1796425000000 implements MigrationInterface {
  name = 'ServicePeriodClock1796425000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE "orders" SET "next_clock_at" = now() WHERE "status" IN ('AWAITING_CERTIFICATION', 'AWAITING_TRANSMISSION', 'AWAITING_RECOGNITION') AND "next_clock_at" IS NULL`,
    );
  }

  public async down(): Promise<void> {
    // Nothing to undo: the job computes the next instant again on its own.
  }
}
