import type { MigrationInterface, QueryRunner } from 'typeorm';

const PARTY = `nullif(current_setting('evx.organisation_id', true), '')::uuid`;
/** The tables whose rows a party reads, each with the column naming the order, and their policies. */
const POLICIES = [
  { policy: 'orders_party', table: 'orders', column: 'id' },
  { policy: 'orders_party_lock', table: 'orders', column: 'id' },
  { policy: 'order_steps_party', table: 'order_steps', column: 'order_id' },
  { policy: 'evidence_party', table: 'evidence', column: 'order_id' },
  { policy: 'order_documents_party', table: 'order_documents', column: 'order_id' },
];

function partyCheck(table: string, column: string, fence: string): string {
  return `EXISTS (SELECT 1 FROM "order_parties" p WHERE p."order_id" = "${table}"."${column}" AND p."organisation_id" = ${PARTY}${fence})`;
}

/**
 * Row-level security's party check looks up the one row it needs, by key, for every row read,
 * whatever the planner's statistics say. PostgreSQL may run an EXISTS as a hash of every row of
 * its subquery instead, built at each call: here every `order_parties` row of the reading
 * organisation, its whole history, once per read and per lock of a single order. It chose that
 * when the table was small (a new database, or the embedded one, which only analyses a table once
 * it has dead rows), and the plan, prepared once per connection, then stayed for the
 * connection's life: an organisation with 2,500 orders took 9.5 ms per locked read on a server
 * (auto_explain), against 0.1 ms by key, and it grew with every order. `OFFSET 0` keeps the
 * subquery as it is written (PostgreSQL hashes only an EXISTS it may rewrite). The app's reads as
 * a party name one order, or start from the party's own order_parties rows (lists, statistics),
 * so the check runs for the rows they read; measured at 5,000 and 50,000 orders, none got slower.
 * A read as a party without such a filter would now probe every order, where it hashed before:
 * the app makes none.
 */
export class PartyCheckByKey1796430900000 implements MigrationInterface {
  name = 'PartyCheckByKey1796430900000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const { policy, table, column } of POLICIES) await queryRunner.query(`ALTER POLICY "${policy}" ON "${table}" USING (${partyCheck(table, column, ' OFFSET 0')})`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const { policy, table, column } of POLICIES) await queryRunner.query(`ALTER POLICY "${policy}" ON "${table}" USING (${partyCheck(table, column, '')})`);
  }
}
