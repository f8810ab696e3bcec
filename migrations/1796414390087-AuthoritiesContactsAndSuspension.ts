import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AuthoritiesContactsAndSuspension1796414390087 implements MigrationInterface {
  name = 'AuthoritiesContactsAndSuspension1796414390087';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "organisations" ADD "designations" character varying(24) array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "organisations" ADD "languages" character varying(2) array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "organisations" ADD "contact_email" character varying(254)`);
    await queryRunner.query(`ALTER TABLE "organisations" ADD "contact_phone" character varying(32)`);
    await queryRunner.query(`ALTER TABLE "organisations" ADD "contact_address" character varying(500)`);
    await queryRunner.query(`ALTER TABLE "organisations" ADD "suspended_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "organisations" ADD "suspension_reason" character varying(1000)`);
    await queryRunner.query(`ALTER TABLE "users" ADD "function" character varying(200)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "function"`);
    await queryRunner.query(`ALTER TABLE "organisations" DROP COLUMN "suspension_reason"`);
    await queryRunner.query(`ALTER TABLE "organisations" DROP COLUMN "suspended_at"`);
    await queryRunner.query(`ALTER TABLE "organisations" DROP COLUMN "contact_address"`);
    await queryRunner.query(`ALTER TABLE "organisations" DROP COLUMN "contact_phone"`);
    await queryRunner.query(`ALTER TABLE "organisations" DROP COLUMN "contact_email"`);
    await queryRunner.query(`ALTER TABLE "organisations" DROP COLUMN "languages"`);
    await queryRunner.query(`ALTER TABLE "organisations" DROP COLUMN "designations"`);
  }
}
