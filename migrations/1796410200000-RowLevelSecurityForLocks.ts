import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Row-level security for the locked read of a step too: the row lock that serialises an order's
 * steps is taken as evx_reader for the acting organisation. PostgreSQL asks UPDATE privilege for
 * FOR UPDATE and applies the UPDATE policy's USING clause to the rows locked: the reader gets
 * UPDATE on the key column only, and a policy whose WITH CHECK is false, so it can lock the orders
 * it is a party to and still never write one. Hand-written: TypeORM does not model policies.
 */
export class RowLevelSecurityForLocks1796410200000 implements MigrationInterface {
  name = 'RowLevelSecurityForLocks1796410200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const party = `nullif(current_setting('evx.organisation_id', true), '')::uuid`;
    await queryRunner.query(`GRANT UPDATE ("id") ON "orders" TO evx_reader`);
    await queryRunner.query(
      `CREATE POLICY "orders_party_lock" ON "orders" FOR UPDATE TO evx_reader USING (EXISTS (SELECT 1 FROM "order_parties" p WHERE p."order_id" = "orders"."id" AND p."organisation_id" = ${party})) WITH CHECK (false)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP POLICY "orders_party_lock" ON "orders"`);
    await queryRunner.query(`REVOKE UPDATE ("id") ON "orders" FROM evx_reader`);
  }
}
