import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Documents made in the order's language, other languages on demand from the stored model; room
 * reserved for one-shot uploads; blobs adopted by the rows that refer to them (the sweeper keeps
 * those). Generated, then completed by hand with the backfill of rows made before.
 */
export class DocumentsInOneLanguageAndReservations1796410096331 implements MigrationInterface {
  name = 'DocumentsInOneLanguageAndReservations1796410096331';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "blobs" ("sha256" character(64) NOT NULL, "size" bigint NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bf448430f9a07c61c2eb85de185" PRIMARY KEY ("sha256"))`);
    await queryRunner.query(`ALTER TABLE "order_documents" ADD "language" character varying(8)`);
    await queryRunner.query(`ALTER TABLE "order_documents" ADD "json_sha256" character(64)`);
    await queryRunner.query(`ALTER TABLE "order_documents" ADD "model" bytea`);
    await queryRunner.query(`ALTER TABLE "evidence_uploads" ADD "kind" character varying(16) NOT NULL DEFAULT 'RESUMABLE'`);
    await queryRunner.query(`ALTER TABLE "evidence_uploads" ADD "lease_until" TIMESTAMP WITH TIME ZONE`);
    // Every blob a row already refers to is adopted, so the sweeper never takes it.
    await queryRunner.query(`INSERT INTO "blobs" ("sha256", "size") SELECT "sha256", max("size") FROM "evidence" GROUP BY "sha256" ON CONFLICT DO NOTHING`);
    await queryRunner.query(
      `INSERT INTO "blobs" ("sha256", "size") SELECT r->>'sha256', max((r->>'size')::bigint) FROM "order_documents" d, jsonb_array_elements(d."renditions") r GROUP BY r->>'sha256' ON CONFLICT DO NOTHING`,
    );
    await queryRunner.query(`UPDATE "order_documents" SET "json_sha256" = "renditions"->0->>'jsonSha256'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "evidence_uploads" DROP COLUMN "lease_until"`);
    await queryRunner.query(`ALTER TABLE "evidence_uploads" DROP COLUMN "kind"`);
    await queryRunner.query(`ALTER TABLE "order_documents" DROP COLUMN "model"`);
    await queryRunner.query(`ALTER TABLE "order_documents" DROP COLUMN "json_sha256"`);
    await queryRunner.query(`ALTER TABLE "order_documents" DROP COLUMN "language"`);
    await queryRunner.query(`DROP TABLE "blobs"`);
  }
}
