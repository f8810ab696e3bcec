import pg from 'pg';

/**
 * Each connection parses and plans the exchange's parameterised statements once, instead of at
 * every call. node-postgres prepares a statement once per connection when the query has a name
 * and then only binds and executes it; TypeORM never gives one. So the client class of both back
 * ends names them: the same text always gets the same name, in every connection.
 *
 * Why it matters here: on the embedded database a statement's parse and plan run in the event
 * loop's thread, in WebAssembly, and were about half of a typical statement's time (0.25 of
 * 0.47 ms, measured on the order read); on a server they take the database's CPU, which on a small
 * machine is the same cores. PostgreSQL keeps a prepared statement's plan correct by itself: a
 * change of schema, of role or of row-level security re-plans it (plancache.c); its first five
 * runs are planned for their parameters before it settles on a generic plan, or keeps planning
 * when the generic one would be worse.
 *
 * At most MAX_NAMED texts are named, process-wide: the app has a few hundred statements, and a
 * text made from data (a list of n placeholders for n ids) must not fill each session with
 * plans. Past the cap, statements run unnamed, as before. A connection pooler in front of the
 * server must keep protocol-level prepared statements per client (PgBouncer 1.21+ with
 * `max_prepared_statements`, or session pooling).
 */
const MAX_NAMED = 500;
const names = new Map<string, string>();

/** The name of a statement text, the same every time; undefined once the cap is reached. */
export function statementName(text: string): string | undefined {
  let name = names.get(text);
  if (name === undefined && names.size < MAX_NAMED) {
    name = `evx_${names.size + 1}`;
    names.set(text, name);
  }
  return name;
}

/** `Base`, with its parameterised text queries named (the pool's `Client` option). */
export function preparingClientClass(Base: typeof pg.Client): typeof pg.Client {
  const PreparingClient = class extends Base {};
  const query = Base.prototype.query as (this: pg.Client, ...args: unknown[]) => unknown;
  PreparingClient.prototype.query = function (this: pg.Client, config: unknown, ...rest: unknown[]) {
    // Only a plain text with parameters: a query without any runs as a simple query (several
    // statements in one, as migrations send), and query objects (cursors, streams) stay as they are.
    const name = typeof config === 'string' && Array.isArray(rest[0]) && rest[0].length > 0 ? statementName(config) : undefined;
    return query.call(this, name === undefined ? config : { name, text: config }, ...rest);
  } as pg.Client['query'];
  return PreparingClient;
}
