import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EvidenceUploads1796033504607 implements MigrationInterface {
  name = 'EvidenceUploads1796033504607';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "evidence_uploads" ("id" uuid NOT NULL, "order_id" uuid NOT NULL, "uploaded_by" uuid NOT NULL, "organisation_id" uuid NOT NULL, "filename" character varying(255) NOT NULL, "media_type" character varying(255) NOT NULL, "size" bigint NOT NULL, "sha256" character(64) NOT NULL, "received" bigint NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5f1d15db2fcd6f5933c59efb047" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_evidence_uploads_order" ON "evidence_uploads"  ("order_id") `);
    await queryRunner.query(`ALTER TABLE "evidence_uploads" ADD CONSTRAINT "fk_evidence_uploads_order" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "evidence_uploads" DROP CONSTRAINT "fk_evidence_uploads_order"`);
    await queryRunner.query(`DROP INDEX "public"."ix_evidence_uploads_order"`);
    await queryRunner.query(`DROP TABLE "evidence_uploads"`);
  }
}
