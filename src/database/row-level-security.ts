import type { DataSource, EntityManager } from 'typeorm';

/**
 * Row-level security, the second wall behind the application's own check (`order_parties`):
 * reads of an order's data run as the role evx_reader, which is neither superuser nor exempt from
 * row-level security, with the caller's organisation set for the transaction. The policies
 * (migrations RowLevelSecurity, RowLevelSecurityForLocks) then show it only the orders it is a
 * party to, and the steps, documents, evidence and parties of those, whatever the query asks, and
 * let it lock only those orders. Their check is `EXISTS (… OFFSET 0)` (migration PartyCheckByKey):
 * a new policy keeps the fence, or PostgreSQL may hash the organisation's whole history at each
 * read. Writes run as the owner (docs/architecture.md says which reads do).
 * The order's own read and a step's lock make the same switch inside one statement each (the
 * functions evx_order_as_party and evx_lock_as_party, migrations OrderAsParty and LockAsParty).
 */

/** Switches the current transaction to evx_reader for `organisationId`, until it ends. */
export async function asParty(manager: EntityManager, organisationId: string): Promise<void> {
  await manager.query(`SELECT set_config('role', 'evx_reader', true), set_config('evx.organisation_id', $1, true)`, [organisationId]);
}

/** Runs `read` in a transaction of its own as evx_reader for `organisationId`. */
export function readAsParty<T>(dataSource: DataSource, organisationId: string, read: (manager: EntityManager) => Promise<T>): Promise<T> {
  return dataSource.transaction(async (manager) => {
    await asParty(manager, organisationId);
    return read(manager);
  });
}
