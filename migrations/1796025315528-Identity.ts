import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Identity1796025315528 implements MigrationInterface {
  name = 'Identity1796025315528';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "organisations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(200) NOT NULL, "kind" character varying(16) NOT NULL, "country" character(2), "authority_type" character varying(32), "cgnat_operator" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7bf54cba378d5b2f1d4c10ef4df" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_organisations_kind_name" ON "organisations"  ("kind", "name") `);
    await queryRunner.query(`CREATE TABLE "establishments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "country" character(2) NOT NULL, "role" character varying(32) NOT NULL, "languages" character varying(2) array NOT NULL, CONSTRAINT "PK_7fb6da6c365114ccb61b091bbdf" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "ux_establishments_org_country_role" ON "establishments"  ("organisation_id", "country", "role") `);
    await queryRunner.query(`CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "email" character varying(254) NOT NULL, "name" character varying(200) NOT NULL, "password_hash" character varying(255) NOT NULL, "roles" character varying(16) array NOT NULL, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_users_organisation" ON "users"  ("organisation_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "ux_users_email" ON "users"  ("email") `);
    await queryRunner.query(`ALTER TABLE "establishments" ADD CONSTRAINT "fk_establishments_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "users" ADD CONSTRAINT "fk_users_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "fk_users_organisation"`);
    await queryRunner.query(`ALTER TABLE "establishments" DROP CONSTRAINT "fk_establishments_organisation"`);
    await queryRunner.query(`DROP INDEX "public"."ux_users_email"`);
    await queryRunner.query(`DROP INDEX "public"."ix_users_organisation"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP INDEX "public"."ux_establishments_org_country_role"`);
    await queryRunner.query(`DROP TABLE "establishments"`);
    await queryRunner.query(`DROP INDEX "public"."ix_organisations_kind_name"`);
    await queryRunner.query(`DROP TABLE "organisations"`);
  }
}
