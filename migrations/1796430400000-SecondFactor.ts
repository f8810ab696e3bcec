import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The optional second factor at sign-in (TOTP, RFC 6238): each user's sealed secret, an enrolment
 * waiting for its first code, when it was enabled and the last time step accepted (a code is good
 * once); an organisation may require it of its people. Existing users have none and existing
 * organisations do not require it.
 */
export class SecondFactor1796430400000 implements MigrationInterface {
  name = 'SecondFactor1796430400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "totp_secret_sealed" bytea`);
    await queryRunner.query(`ALTER TABLE "users" ADD "totp_pending_secret_sealed" bytea`);
    await queryRunner.query(`ALTER TABLE "users" ADD "totp_enabled_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "users" ADD "totp_last_step" bigint`);
    await queryRunner.query(`ALTER TABLE "organisations" ADD "require_totp" boolean NOT NULL DEFAULT false`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "organisations" DROP COLUMN "require_totp"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "totp_last_step"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "totp_enabled_at"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "totp_pending_secret_sealed"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "totp_secret_sealed"`);
  }
}
