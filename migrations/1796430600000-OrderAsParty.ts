import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An order read as a party in one statement. Reading under row-level security took four round
 * trips (START TRANSACTION, the switch to evx_reader, the read, COMMIT) on every step and every
 * look at an order. This function makes the same switch for the statement that calls it (a
 * transaction-local setting: outside a transaction block it ends with the statement) and then
 * reads the order, planned as evx_reader, so the policies of RowLevelSecurity apply exactly as
 * before: a stranger's call returns no row. It is SECURITY INVOKER (the default): it gives no
 * right its caller does not have. Called inside a transaction it would leave that transaction as
 * evx_reader: the app calls it on its own (OrdersRepository.findVisible). Its result is the
 * `orders` row type: a migration that changes a column's type drops and makes it again.
 */
export class OrderAsParty1796430600000 implements MigrationInterface {
  name = 'OrderAsParty1796430600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // The order and the parts the organisation plays in it (an empty array: not a party), both
    // read under the policies; the caller names the order's columns from `entry`.
    await queryRunner.query(`
      CREATE FUNCTION evx_order_as_party(party_organisation uuid, wanted_order uuid) RETURNS TABLE (entry orders, parties text[])
      LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM set_config('role', 'evx_reader', true), set_config('evx.organisation_id', party_organisation::text, true);
        RETURN QUERY
          SELECT o, ARRAY(SELECT p.party::text FROM order_parties p WHERE p.order_id = o.id AND p.organisation_id = party_organisation ORDER BY p.party)
            FROM orders o WHERE o.id = wanted_order;
      END
      $$`);
    await queryRunner.query(`REVOKE ALL ON FUNCTION evx_order_as_party(uuid, uuid) FROM PUBLIC`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION evx_order_as_party(uuid, uuid)`);
  }
}
