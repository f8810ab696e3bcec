import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a competent authority informed a provider of the procedures and deadlines of removal
 * orders: its first one may be issued 12 hours later (Reg. 2021/784 Art 3(2)). Existing providers
 * start uninformed.
 */
export class RemovalInformation1796430300000 implements MigrationInterface {
  name = 'RemovalInformation1796430300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "organisations" ADD "removal_information_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "organisations" DROP COLUMN "removal_information_at"`);
  }
}
