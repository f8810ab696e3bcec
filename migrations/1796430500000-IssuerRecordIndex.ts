import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The provider's view of an order says how many orders its issuing authority sent before it (that
 * reached their addressee). Counting them read every earlier order's history; this partial index
 * holds exactly the orders that passed through ISSUED, per issuer and creation time, so the count
 * is an index scan whatever the size of the histories.
 */
export class IssuerRecordIndex1796430500000 implements MigrationInterface {
  name = 'IssuerRecordIndex1796430500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_orders_issuer_record" ON "orders" ("issuing_organisation_id", "created_at", "provider_id") WHERE history @> '[{"toStatus": "ISSUED"}]'::jsonb`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_orders_issuer_record"`);
  }
}
