import type { DataSource, EntityManager } from 'typeorm';

/**
 * Rows of a statement with RETURNING, whatever its command: TypeORM's plain `query()` answers
 * `[rows, affected]` for UPDATE and DELETE but the rows for SELECT and INSERT.
 */
export async function returning<T>(on: DataSource | EntityManager, sql: string, parameters: unknown[] = []): Promise<T[]> {
  const manager = 'manager' in on ? on.manager : on;
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    const result = await runner.query(sql, parameters, true);
    return (result.records ?? []) as T[];
  } finally {
    if (!manager.queryRunner) await runner.release();
  }
}
