import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The white list of certified counter-narrative accounts: a removal order naming one is refused
 * unless the issuer overrides with a reason every party sees.
 */
export class CertifiedAccounts1796430200000 implements MigrationInterface {
  name = 'CertifiedAccounts1796430200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "certified_accounts" ("id" uuid NOT NULL, "provider_id" uuid NOT NULL, "handle" character varying(200) NOT NULL, "handle_key" character varying(200) NOT NULL, "holder" character varying(300) NOT NULL, "recommended_by" uuid, "certified_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6cb9dfc8a43807d77ecf2a554bb" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "ux_certified_accounts_provider_handle" ON "certified_accounts"  ("provider_id", "handle_key") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ux_certified_accounts_provider_handle"`);
    await queryRunner.query(`DROP TABLE "certified_accounts"`);
  }
}
