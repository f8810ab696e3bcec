import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LoginAttempts1796410909904 implements MigrationInterface {
  name = 'LoginAttempts1796410909904';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "login_attempts" ("key" bytea NOT NULL, "window_start" TIMESTAMP WITH TIME ZONE NOT NULL, "attempts" integer NOT NULL, CONSTRAINT "PK_f90e70c50d5744e4d9f41dd397c" PRIMARY KEY ("key"))`);
    await queryRunner.query(`CREATE INDEX "ix_login_attempts_window_start" ON "login_attempts"  ("window_start") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_login_attempts_window_start"`);
    await queryRunner.query(`DROP TABLE "login_attempts"`);
  }
}
