import type { EntityMetadata } from 'typeorm';

/**
 * An entity read by a hand-written SELECT, for the reads on every step where TypeORM's query
 * builder cost more of the event loop than the database did (it writes the SQL afresh at every
 * call and then maps the raw row through its transformer). The select list names every column
 * (never `*`: a prepared `*` fails with "cached plan must not change result type" once another
 * instance's migration adds a column), and the row comes back as the entity with node-postgres's
 * own values, which are TypeORM's for the column types allowed here: anything else (a
 * transformer, `date`, `bigint`, `simple-*`, an embedded or unselected column, an afterLoad hook)
 * is refused when the reader is made, not read wrong.
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
  // Work TypeORM does after reading a row, which a plain read would skip.
  const onLoad = metadata.afterLoadListeners.length > 0 || metadata.connection.subscribers.some((subscriber) => subscriber.afterLoad && (!subscriber.listenTo || subscriber.listenTo() === metadata.target));
  if (onLoad) throw new Error(`${metadata.name} has an afterLoad listener or subscriber: it cannot be read as a plain row`);
  const columns = metadata.columns.map((column) => {
    const type = typeof column.type === 'string' ? column.type : '';
    // A relation's own property (a join column without a column of its own) would take the id, not
    // the related entity; an embedded column belongs in a nested object; a column TypeORM does not
    // select by default (a secret) must stay unread.
    const relationProperty = column.relationMetadata?.propertyName === column.propertyName;
    const problem = !PLAIN_TYPES.has(type)
      ? `${type || 'a JavaScript type'}`
      : column.transformer
        ? `${type}, with a transformer`
        : column.isArray || column.isVirtual || relationProperty || column.embeddedMetadata || !column.isSelect
          ? `${type}, not a plain selected column`
          : undefined;
    if (problem) throw new Error(`${metadata.name}.${column.propertyName} (${problem}) cannot be read as a plain row`);
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
