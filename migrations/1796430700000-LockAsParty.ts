import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A step's row lock taken as a party in one statement, inside the step's transaction: the
 * function switches to evx_reader for the organisation, locks the order under the policies of
 * RowLevelSecurityForLocks (a stranger locks nothing), and hands the transaction back to the
 * owner for the step's writes, where the switch, the lock and the switch back were three round
 * trips (OrdersRepository.lockForStep). Its result names `orders.version` and `last_step_hash`
 * with their types: a migration that changes either makes it again.
 */
export class LockAsParty1796430700000 implements MigrationInterface {
  name = 'LockAsParty1796430700000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION evx_lock_as_party(party_organisation uuid, wanted_order uuid) RETURNS TABLE (version int, last_step_hash text, parties text[])
      LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM set_config('role', 'evx_reader', true), set_config('evx.organisation_id', party_organisation::text, true);
        RETURN QUERY
          SELECT o.version, o.last_step_hash::text,
                 ARRAY(SELECT p.party::text FROM order_parties p WHERE p.order_id = o.id AND p.organisation_id = party_organisation ORDER BY p.party)
            FROM orders o WHERE o.id = wanted_order FOR UPDATE OF o;
        PERFORM set_config('role', 'none', true), set_config('evx.organisation_id', '', true);
      END
      $$`);
    await queryRunner.query(`REVOKE ALL ON FUNCTION evx_lock_as_party(uuid, uuid) FROM PUBLIC`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION evx_lock_as_party(uuid, uuid)`);
  }
}
