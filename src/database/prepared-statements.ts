import { Logger } from '@nestjs/common';
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
 * Not named, and so planned at every call as before:
 * - texts with a LIMIT or OFFSET written in them (TypeORM writes `.limit(n)` and `.take(n)` into
 *   the text): they are the pages of lists, one text per page size, and a list filtered by
 *   organisation is where one plan for every organisation goes wrong. A reviewer measured the
 *   orders list of an organisation with 20 orders at 0.7 ms planned for it, and at 22 ms with
 *   the generic plan made after five runs for an organisation that held 90 % of 300,000 orders;
 * - past MAX_NAMED texts, process-wide, so that texts made from data (n placeholders for n ids)
 *   cannot fill each session with plans (about 24 KB each). The app has a few hundred
 *   statements; reaching the cap is logged once.
 *
 * A connection pooler in front of the server must keep protocol-level prepared statements per
 * client (PgBouncer 1.21+ with `max_prepared_statements`, or session pooling).
 */
const MAX_NAMED = 500;
const names = new Map<string, string>();
const PAGED = /\b(?:LIMIT|OFFSET)\s+\d/i;
let capReported = false;

/** The name of a statement text, the same every time; undefined for a text left unnamed (above). */
export function statementName(text: string): string | undefined {
  let name = names.get(text);
  if (name !== undefined || PAGED.test(text)) return name;
  if (names.size >= MAX_NAMED) {
    if (!capReported) new Logger('Database').warn({ msg: `${MAX_NAMED} statements are prepared; further ones run unprepared` });
    capReported = true;
    return undefined;
  }
  name = `evx_${names.size + 1}`;
  names.set(text, name);
  return name;
}

/** node-postgres's record, on a connection, of the statements it prepared there. */
type Marks = { connection: { parsedStatements: Record<string, string> } };

/**
 * node-postgres's record can part from the session's: a value it fails to serialise after the
 * statement was prepared makes it close the statement but keep the record, and on the embedded
 * session a client that ended with a Parse in flight leaves a statement behind. The session's
 * answer says which (the name does not exist, or exists already): the record is put right, so
 * that the call that met it fails, not every later one.
 */
function putRight(client: Marks, name: string, text: string, error: unknown): void {
  const code = (error as { code?: unknown }).code;
  if (code === '26000') delete client.connection.parsedStatements[name];
  if (code === '42P05') client.connection.parsedStatements[name] = text;
}

/** `Base`, with its parameterised text queries named (the pool's `Client` option). */
export function preparingClientClass(Base: typeof pg.Client): typeof pg.Client {
  const PreparingClient = class extends Base {};
  const query = Base.prototype.query as (this: pg.Client, ...args: unknown[]) => unknown;
  PreparingClient.prototype.query = function (this: pg.Client, config: unknown, ...rest: unknown[]) {
    // Only a plain text with parameters: a query without any runs as a simple query (several
    // statements in one, as migrations send), and query objects (cursors, streams) stay as they are.
    const name = typeof config === 'string' && Array.isArray(rest[0]) && rest[0].length > 0 ? statementName(config) : undefined;
    if (name === undefined) return query.call(this, config, ...rest);
    const result = query.call(this, { name, text: config }, ...rest);
    if (!(result instanceof Promise)) return result;
    return result.catch((error: unknown) => {
      putRight(this as unknown as Marks, name, config as string, error);
      throw error;
    });
  } as pg.Client['query'];
  return PreparingClient;
}
