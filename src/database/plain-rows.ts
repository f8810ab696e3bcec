import type { EntityMetadata } from 'typeorm';

/**
 * An entity read by a hand-written SELECT, for the reads on every step where TypeORM's query
 * builder cost more of the event loop than the database did (it writes the SQL afresh at every
 * call and then maps the raw row through its transformer). The select list names every column
 * (never `*`: a prepared `*` fails with "cached plan must not change result type" once another
 * instance's migration adds a column), and the row comes back as the entity with node-postgres's
 * own values, which are TypeORM's for the column types allowed here: anything else (a
 * transformer, `date`, `bigint`, `simple-*`) is refused when the reader is made, not read wrong.
 */
export interface PlainRows<T> {
  /** `alias.column, …` for every column of the entity, in the entity's order. */
  select(alias: string): string;
  /** A row of that select list as the entity. */
  entity(row: Record<string, unknown>): T;
}

/** Column types node-postgres parses exactly as TypeORM hydrates them. */
const PLAIN_TYPES = new Set(['uuid', 'varchar', 'character varying', 'char', 'character', 'text', 'int', 'integer', 'boolean', 'jsonb', 'timestamptz', 'timestamp with time zone', 'bytea']);

export function plainRows<T>(metadata: EntityMetadata): PlainRows<T> {
  const columns = metadata.columns.map((column) => {
    const type = typeof column.type === 'string' ? column.type : '';
    // A relation's own property (a join column without a column of its own) would take the id, not the related entity.
    const relationProperty = column.relationMetadata?.propertyName === column.propertyName;
    if (!PLAIN_TYPES.has(type) || column.transformer || column.isArray || column.isVirtual || relationProperty) {
      throw new Error(`${metadata.name}.${column.propertyName} (${type || 'a JavaScript type'}${column.transformer ? ', with a transformer' : ''}) cannot be read as a plain row`);
    }
    return { databaseName: column.databaseName, propertyName: column.propertyName };
  });
  const target = metadata.target as new () => T;
  return {
    select: (alias) => columns.map((column) => `${alias}."${column.databaseName}"`).join(', '),
    entity: (row) => {
      const entity = new target() as Record<string, unknown>;
      for (const column of columns) entity[column.propertyName] = row[column.databaseName];
      return entity as T;
    },
  };
}
