import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Pki1796027943721 implements MigrationInterface {
  name = 'Pki1796027943721';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "auth_challenges" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "certificate_der" bytea NOT NULL, "nonce" bytea NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6993bc9c45bbf5948e4118de560" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_auth_challenges_expires" ON "auth_challenges"  ("expires_at") `);
    await queryRunner.query(`CREATE TABLE "pki_keys" ("id" uuid NOT NULL, "label" character varying(200) NOT NULL, "spec" character varying(16) NOT NULL, "public_key_spki" bytea NOT NULL, "wrapped_key" bytea NOT NULL, "kek_id" character varying(32) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_06ca521f98c6bc1511e03ca470f" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "certificates" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "serial_number" character varying(64) NOT NULL, "purpose" character varying(16) NOT NULL, "organisation_id" uuid, "subject" character varying(500) NOT NULL, "fingerprint_sha256" character(64) NOT NULL, "der" bytea NOT NULL, "not_before" TIMESTAMP WITH TIME ZONE NOT NULL, "not_after" TIMESTAMP WITH TIME ZONE NOT NULL, "key_id" uuid, "revoked_at" TIMESTAMP WITH TIME ZONE, "revocation_reason" character varying(32), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e4c7e31e2144300bea7d89eb165" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_certificates_purpose" ON "certificates"  ("purpose") `);
    await queryRunner.query(`CREATE INDEX "ix_certificates_organisation" ON "certificates"  ("organisation_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "ux_certificates_fingerprint" ON "certificates"  ("fingerprint_sha256") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "ux_certificates_serial" ON "certificates"  ("serial_number") `);
    await queryRunner.query(`ALTER TABLE "users" ADD "kind" character varying(8) NOT NULL DEFAULT 'PERSON'`);
    await queryRunner.query(`ALTER TABLE "certificates" ADD CONSTRAINT "fk_certificates_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "certificates" ADD CONSTRAINT "fk_certificates_key" FOREIGN KEY ("key_id") REFERENCES "pki_keys"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "certificates" DROP CONSTRAINT "fk_certificates_key"`);
    await queryRunner.query(`ALTER TABLE "certificates" DROP CONSTRAINT "fk_certificates_organisation"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "kind"`);
    await queryRunner.query(`DROP INDEX "public"."ux_certificates_serial"`);
    await queryRunner.query(`DROP INDEX "public"."ux_certificates_fingerprint"`);
    await queryRunner.query(`DROP INDEX "public"."ix_certificates_organisation"`);
    await queryRunner.query(`DROP INDEX "public"."ix_certificates_purpose"`);
    await queryRunner.query(`DROP TABLE "certificates"`);
    await queryRunner.query(`DROP TABLE "pki_keys"`);
    await queryRunner.query(`DROP INDEX "public"."ix_auth_challenges_expires"`);
    await queryRunner.query(`DROP TABLE "auth_challenges"`);
  }
}
