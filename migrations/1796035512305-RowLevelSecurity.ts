import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Row-level security as a second wall behind the application's check (docs/architecture.md):
 * reads of orders run as evx_reader, a role without BYPASSRLS, with the caller's organisation in
 * a transaction-local setting; the policies show it only the orders it is a party to. The app's
 * own connection (the tables' owner) is not subject to them and keeps writing as before.
 * Hand-written: TypeORM does not model roles or policies.
 */
export class RowLevelSecurity1796035512305 implements MigrationInterface {
  name = 'RowLevelSecurity1796035512305';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Roles belong to the cluster, not the database: create it once, share it.
    await queryRunner.query(`DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'evx_reader') THEN CREATE ROLE evx_reader NOLOGIN NOSUPERUSER NOBYPASSRLS; END IF; END $$`);
    // So that a connecting role that is not a superuser may SET ROLE to it.
    await queryRunner.query(`DO $$ BEGIN EXECUTE format('GRANT evx_reader TO %I', current_user); EXCEPTION WHEN OTHERS THEN NULL; END $$`);
    await queryRunner.query(`GRANT USAGE ON SCHEMA public TO evx_reader`);
    await queryRunner.query(`GRANT SELECT ON "orders", "order_parties", "order_steps", "evidence", "order_documents" TO evx_reader`);
    const party = `nullif(current_setting('evx.organisation_id', true), '')::uuid`;
    await queryRunner.query(`ALTER TABLE "order_parties" ENABLE ROW LEVEL SECURITY`);
    await queryRunner.query(`CREATE POLICY "order_parties_own" ON "order_parties" FOR SELECT TO evx_reader USING ("organisation_id" = ${party})`);
    for (const [table, column] of [['orders', 'id'], ['order_steps', 'order_id'], ['evidence', 'order_id'], ['order_documents', 'order_id']]) {
      await queryRunner.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
      await queryRunner.query(
        `CREATE POLICY "${table}_party" ON "${table}" FOR SELECT TO evx_reader USING (EXISTS (SELECT 1 FROM "order_parties" p WHERE p."order_id" = "${table}"."${column}" AND p."organisation_id" = ${party}))`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['order_documents', 'evidence', 'order_steps', 'orders']) {
      await queryRunner.query(`DROP POLICY "${table}_party" ON "${table}"`);
      await queryRunner.query(`ALTER TABLE "${table}" DISABLE ROW LEVEL SECURITY`);
    }
    await queryRunner.query(`DROP POLICY "order_parties_own" ON "order_parties"`);
    await queryRunner.query(`ALTER TABLE "order_parties" DISABLE ROW LEVEL SECURITY`);
    await queryRunner.query(`REVOKE SELECT ON "orders", "order_parties", "order_steps", "evidence", "order_documents" FROM evx_reader`);
    await queryRunner.query(`REVOKE USAGE ON SCHEMA public FROM evx_reader`);
    // The role stays: other databases of the cluster may use it.
  }
}
