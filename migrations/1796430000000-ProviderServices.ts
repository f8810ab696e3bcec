import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The directory records what each provider offers (hosting, electronic communications, domain
 * names ...): a removal order (Regulation (EU) 2021/784) reaches only a hosting service provider,
 * and a Second Protocol Art 6 request only a domain name registrar or registry. Existing providers
 * start with none recorded, so routing refuses them a removal order until the operator states it.
 */
export class ProviderServices1796430000000 implements MigrationInterface {
  name = 'ProviderServices1796430000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "organisations" ADD "services" character varying(32) array NOT NULL DEFAULT '{}'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "organisations" DROP COLUMN "services"`);
  }
}
