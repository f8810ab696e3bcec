import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notice and stay down: the hashes of content removed under removal orders (Reg. 2021/784), with
 * the order they were removed under and never the content. `seq` comes from its own sequence,
 * taken again when a row changes, so every instance follows the table by the last number it saw.
 */
export class StayDownList1796430100000 implements MigrationInterface {
  name = 'StayDownList1796430100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SEQUENCE "stay_down_entries_seq"`);
    await queryRunner.query(`CREATE TABLE "stay_down_entries" ("id" uuid NOT NULL, "seq" bigint NOT NULL, "order_id" uuid NOT NULL, "order_reference" character varying(40) NOT NULL, "provider_id" uuid NOT NULL, "sha256" character(64) NOT NULL, "pdq" character(64), "certified_account" boolean NOT NULL DEFAULT false, "withdrawn_at" TIMESTAMP WITH TIME ZONE, "added_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_fcc24b9020e8c45db695f3453fc" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_stay_down_entries_order" ON "stay_down_entries"  ("order_id") `);
    await queryRunner.query(`CREATE INDEX "ix_stay_down_entries_seq" ON "stay_down_entries"  ("seq") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_stay_down_entries_seq"`);
    await queryRunner.query(`DROP INDEX "public"."ix_stay_down_entries_order"`);
    await queryRunner.query(`DROP TABLE "stay_down_entries"`);
    await queryRunner.query(`DROP SEQUENCE "stay_down_entries_seq"`);
  }
}
