import { Logger } from '@nestjs/common';
import { createRequire } from 'node:module';
import pg from 'pg';
import { Raw, type FindOperator } from 'typeorm';

/**
 * Each connection parses and plans the exchange's parameterised statements once, instead of at
 * every call. node-postgres prepares a statement once per connection when the query has a name
 * and then only binds and executes it; TypeORM never gives one. So the client class of both back
 * ends names them: the same text always gets the same name, in every connection.
 *
 * Why it matters here: on the embedded database a statement's parse and plan run in the event
 * loop's thread, in WebAssembly, and were about half of a typical statement's time (0.25 of
 * 0.47 ms, measured on the order read); on a server they take the database's CPU, which on a small
 * machine is the same cores. The gain is the plan: with `plan_cache_mode = force_custom_plan`
 * (parsed once, planned at every call) a cycle of steps cost the event loop about as much as
 * unnamed statements did. PostgreSQL keeps a prepared statement's plan correct by itself: a
 * change of schema, of role or of row-level security re-plans it (plancache.c); its first five
 * runs are planned for their parameters before it settles on a generic plan, or keeps planning
 * when the generic one would be worse.
 *
 * A generic plan is one plan for every parameter, and where the rows a parameter selects differ
 * by orders of magnitude it can be far from the best one: reviewers measured a small
 * organisation's orders list, statistics and webhook deliveries 20 to 50 times slower with a plan
 * made for an organisation holding 90 % of the rows. So these are not named, and are planned at
 * every call as before:
 * - pages of lists: a LIMIT or OFFSET other than `LIMIT 1` (a lookup), written in the text
 *   (TypeORM writes `.limit(n)` and `.take(n)` there) or given as a parameter;
 * - lists of placeholders (`IN ($1, $2, …)`, and inserts of several rows), one text per
 *   length, which would use up names (a lookup by ids says `= ANY($1)` instead: `anyOf`);
 * - texts marked PLANNED_AT_EACH_CALL: reports over an organisation's rows (the statistics);
 * - past MAX_NAMED texts, process-wide (plans take about 24 KB each, in every session; the app
 *   has a few hundred statements); reaching the cap is logged once.
 *
 * The other way round: a named statement whose estimates depend on its parameters' values is
 * planned anew at every call anyway, when its generic plan looks dearer. `unnest($1::text[])` and
 * `= ANY($1::uuid[])` are estimated from the array given (one element) in a custom plan and as ten
 * in the generic one; a step's statement avoids them (events.repository.ts, `writeIn`), and
 * test/step-statement-plans.e2e-spec.ts holds it to one plan per connection.
 *
 * A connection pooler in front of the server must keep protocol-level prepared statements per
 * client (PgBouncer 1.21+ with `max_prepared_statements`, or session pooling).
 */
const MAX_NAMED = 500;
const names = new Map<string, string>();
/**
 * Marks a statement whose best plan depends on its parameters (see above), as an SQL comment:
 * `/* planned at each call *\/` in a text, `.comment(PLANNED_AT_EACH_CALL)` on a query builder.
 */
export const PLANNED_AT_EACH_CALL = 'planned at each call';
/** Pages (other than `LIMIT 1`), lists of placeholders and inserts of several rows. */
const MADE_FROM_DATA = /\b(?:LIMIT|OFFSET)\s+(?:\$|(?!1\b)\d)|\bIN\s*\(\s*\$\d+\s*,|\)\s*,\s*\(\s*\$\d+/i;
let capReported = false;

/** The name of a statement text, the same every time; undefined for a text left unnamed (above). */
export function statementName(text: string): string | undefined {
  let name = names.get(text);
  if (name !== undefined || MADE_FROM_DATA.test(text) || text.includes(`/* ${PLANNED_AT_EACH_CALL} */`)) return name;
  if (names.size >= MAX_NAMED) {
    if (!capReported) new Logger('Database').warn({ msg: `${MAX_NAMED} statements are prepared; further ones run unprepared` });
    capReported = true;
    return undefined;
  }
  name = `evx_${names.size + 1}`;
  names.set(text, name);
  return name;
}

/** Calls of `anyOf` so far: each names its parameter after its number. */
let anyOfCalls = 0;

/**
 * A column equal to one of `values`, as one array parameter (`= ANY($1)`): the same text for any
 * number of values, so it is prepared, where TypeORM's `In` writes `IN ($1, $2, …)`, a text per
 * length that is planned at every call. For lookups by key (the organisations and people a form
 * or a view names), whose plan does not depend on the values. Each call's parameter has a name of
 * its own: TypeORM merges the parameters of a query by name, and two operators sharing one would
 * both compare with the last one's values.
 */
export function anyOf<T>(values: readonly T[]): FindOperator<T> {
  const name = `anyOf${++anyOfCalls}`;
  return Raw((column) => `${column} = ANY(:${name})`, { [name]: [...new Set(values)] });
}

/** node-postgres's own serialisation of a parameter (what it sends in Bind). */
const { prepareValue } = createRequire(import.meta.url)('pg/lib/utils.js') as { prepareValue: (value: unknown) => unknown };

/** node-postgres's record, on a connection, of the statements it prepared there. */
type Marks = { connection: { parsedStatements: Record<string, string> } };

/**
 * Should node-postgres's record of what is prepared ever part from the session's (on the embedded
 * session, a client that ended with a Parse on its way), the session's answer says how (the name
 * does not exist, or exists already) and the record is put right: the call that met it fails, not
 * every later one.
 */
function putRight(client: Marks, name: string, text: string, error: unknown): void {
  const code = (error as { code?: unknown }).code;
  if (code === '26000') delete client.connection.parsedStatements[name];
  if (code === '42P05') client.connection.parsedStatements[name] = text;
}

/** `Base`, with its parameterised text queries named (the pool's `Client` option). */
export function preparingClientClass(Base: typeof pg.Client): typeof pg.Client {
  const PreparingClient = class extends Base {
    constructor(...args: ConstructorParameters<typeof pg.Client>) {
      super(...args);
      // A session the server ends (a restart, pg_terminate_backend) while a request holds this
      // client between two statements: node-postgres emits 'error' with no query to fail, and an
      // 'error' nobody listens to ends the process. Heard here, the client is only marked broken:
      // its next statement fails as "not queryable" (a 503) and the pool drops it on release.
      this.on('error', (error: Error) => new Logger('Database').warn({ msg: 'database connection lost', err: error.message }));
    }
  };
  const query = Base.prototype.query as (this: pg.Client, ...args: unknown[]) => unknown;
  PreparingClient.prototype.query = function (this: pg.Client, config: unknown, values?: unknown, ...rest: unknown[]) {
    // Only a plain text with parameters, and a promise for its answer: a query without any runs as
    // a simple query (several statements in one, as migrations send), and query objects (cursors,
    // streams) and callbacks stay as they are.
    const name = typeof config === 'string' && Array.isArray(values) && values.length > 0 && rest.length === 0 ? statementName(config) : undefined;
    if (name === undefined) return query.call(this, config, values, ...rest);
    // Serialised here, as node-postgres would at Bind: a value it cannot serialise (a BigInt in
    // JSON) fails this call before anything is sent. Inside node-postgres it would close the
    // prepared statement but keep it in its record, and fail the next call of the same text.
    let serialised: unknown[];
    try {
      serialised = (values as unknown[]).map((value) => prepareValue(value));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return (query.call(this, { name, text: config }, serialised) as Promise<unknown>).catch((error: unknown) => {
      putRight(this as unknown as Marks, name, config as string, error);
      throw error;
    });
  } as pg.Client['query'];
  return PreparingClient;
}
