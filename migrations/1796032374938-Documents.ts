import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Documents1796032374938 implements MigrationInterface {
  name = 'Documents1796032374938';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "order_documents" ("id" uuid NOT NULL, "order_id" uuid NOT NULL, "step_seq" integer NOT NULL, "form" character varying(40) NOT NULL, "audience" character varying(24) NOT NULL, "signer_fingerprint_sha256" character(64) NOT NULL, "renditions" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_aeccb279d4128dec46b2d690c2a" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_order_documents_order" ON "order_documents"  ("order_id", "created_at") `);
    await queryRunner.query(`ALTER TABLE "order_documents" ADD CONSTRAINT "fk_order_documents_order" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "order_documents" DROP CONSTRAINT "fk_order_documents_order"`);
    await queryRunner.query(`DROP INDEX "public"."ix_order_documents_order"`);
    await queryRunner.query(`DROP TABLE "order_documents"`);
  }
}
