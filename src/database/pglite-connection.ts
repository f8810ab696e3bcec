import type { PGlite } from '@electric-sql/pglite';
import { EventEmitter } from 'node:events';
import pg from 'pg';
import { serialize } from 'pg-protocol';

/**
 * The socket node-postgres talks to when the database is the embedded PGlite. It plays the part
 * of PGlite's own `createPgConfig(...).connection`, with one difference that matters for speed:
 * node-postgres writes an extended-protocol query as five messages (Parse, Bind, Describe,
 * Execute, Sync) and PGlite's connection hands each one to the database on its own, five calls
 * into WebAssembly a query. This one gathers them the way a socket buffer would and hands them
 * over together when node-postgres waits for an answer (Sync, Flush, a simple Query). PostgreSQL reads the batch as it reads the same bytes from a socket, errors included:
 * after an error it skips to the next Sync, which is in the same batch. Measured with the orders
 * benchmark: PGlite's own JavaScript per create + issue + acknowledge cycle fell from 12 to 6 ms.
 */
export class BatchingPgliteConnection extends EventEmitter {
  /** Checked by pg's Client.end(), which skips connection.end() without it. */
  public _connecting = false;
  /** pg's Client.end() destroys the stream when a query is still active. */
  public readonly stream = { destroy: () => this.end() };
  /**
   * node-postgres's record of the named statements this connection prepared. All the connections
   * of the one embedded session share the session's record: a statement an ended client prepared
   * is still there for the pool's next client, as it is in PostgreSQL (prepared-statements.ts).
   */
  public readonly parsedStatements: Record<string, string>;
  public readonly submittedNamedStatements: Record<string, string>;

  private readonly database: PgliteQueue;
  private emitMessage = false;
  /** The session's state at the last ReadyForQuery: I idle, T in a transaction, E in a failed one. */
  private transactionStatus = 'I';
  /** Batches sent whose answer has not been read yet. */
  private inFlight = 0;
  /** Ended: node-postgres may still hand over a query it had queued; it is not sent (see `end`). */
  private ended = false;
  private queue: Promise<void> = Promise.resolve();
  private pending: Buffer[] = [];

  constructor(database: PgliteQueue) {
    super();
    this.database = database;
    this.parsedStatements = database.parsedStatements;
    this.submittedNamedStatements = database.submittedNamedStatements;
    this.on('newListener', (eventName) => {
      if (eventName === 'message') this.emitMessage = true;
    });
  }

  async connect(): Promise<void> {
    this._connecting = true;
    await this.database.pglite.waitReady;
    process.nextTick(() => this.emit('readyForQuery'));
  }

  // The start-up, TLS and authentication exchange has no meaning in process.
  requestSsl(): void {}
  startup(): void {}
  cancel(): void {}
  password(): void {}
  ref(): void {}
  unref(): void {}

  sendSASLInitialResponseMessage(mechanism: string, initialResponse: string): void {
    this.send(serialize.sendSASLInitialResponseMessage(mechanism, initialResponse));
  }
  sendSCRAMClientFinalMessage(additionalData: string): void {
    this.send(serialize.sendSCRAMClientFinalMessage(additionalData));
  }

  // Messages node-postgres sends before it waits: kept until the one it waits after.
  parse(query: Parameters<typeof serialize.parse>[0]): void {
    this.pending.push(serialize.parse(query));
  }
  bind(config: Parameters<typeof serialize.bind>[0]): void {
    this.pending.push(serialize.bind(config));
  }
  describe(msg: Parameters<typeof serialize.describe>[0]): void {
    this.pending.push(serialize.describe(msg));
  }
  execute(config: Parameters<typeof serialize.execute>[0]): void {
    this.pending.push(serialize.execute(config));
  }
  close(msg: Parameters<typeof serialize.close>[0]): void {
    this.pending.push(serialize.close(msg));
  }
  sendCopyFromChunk(chunk: Buffer): void {
    this.pending.push(serialize.copyData(chunk));
  }

  // Messages node-postgres waits after: the batch goes to the database. (COPY ... FROM STDIN is
  // passed on as a socket would, but PGlite does not take it from a client; the app uses none.)
  query(text: string): void {
    this.send(serialize.query(text));
  }
  sync(): void {
    this.send(serialize.sync());
  }
  flush(): void {
    this.send(serialize.flush());
  }
  endCopyFrom(): void {
    this.send(serialize.copyDone());
  }
  sendCopyFail(msg: string): void {
    this.send(serialize.copyFail(msg));
  }

  end(): void {
    // Like a socket closing: what was asked before is answered, then pg hears 'end' (which also
    // fails any query of this client still waiting). The PGlite session is the data source's and
    // stays open; the pool's next client has a connection object of its own (PgliteClient). A
    // server rolls back the transaction of a closed socket: so does this, or the next client
    // would find itself inside it and commit its half-done work.
    this.pending = [];
    // Nothing more goes to the session from this connection: a query node-postgres had queued
    // behind the one in flight would otherwise run after the ROLLBACK below, outside the
    // transaction it was part of, and commit on its own (node-postgres fails it to its caller).
    this.ended = true;
    // Sent at once when this connection may have left a transaction open (it is in one, or an
    // answer is still on its way), so that it takes its place in the session right behind this
    // connection's last batch and before anything the pool's next client sends.
    const rollback = this.transactionStatus !== 'I' || this.inFlight > 0 ? this.database.run(serialize.query('ROLLBACK')) : undefined;
    this.queue = this.queue
      .then(() => rollback)
      .catch(() => undefined)
      .then(() => {
        this.emit('end');
      });
  }

  private send(last: Buffer): void {
    if (this.ended) return;
    this.pending.push(last);
    const batch = this.pending.length === 1 ? last : Buffer.concat(this.pending);
    this.pending = [];
    const answer = this.database.run(batch);
    this.inFlight += 1;
    this.queue = this.queue
      .then(() => answer)
      .then((messages) => {
        for (const message of messages) {
          if (message.name === 'readyForQuery') this.transactionStatus = (message as unknown as { status: string }).status;
          if (this.emitMessage) this.emit('message', message);
          // node-postgres expects an ErrorResponse as 'errorMessage'
          this.emit(message.name === 'error' ? 'errorMessage' : message.name, message);
        }
      })
      .catch((error: unknown) => {
        this.emit('error', error);
      })
      .finally(() => {
        this.inFlight -= 1;
      });
  }
}

/**
 * The one PGlite session, one batch at a time in the order sent, whichever connection sent it (an
 * ended client's last answer may still be on its way when the pool's next client asks).
 *
 * Each batch waits for a turn of the event loop (`setImmediate`) before it runs. PGlite answers
 * within the microtasks of the query that asked, so a request's statements, and those of every
 * request queued behind them, ran one after another without the event loop ever turning: under
 * load it stalled for 50 ms on average and 250 ms at the 99th percentile, and what waits for the
 * loop waited that long (an HTTP request read, an answer written, a rendered PDF handed back by its
 * worker, which then sat idle). With a turn before each batch the stalls fell to about 5 ms
 * (docs/architecture.md has the figures).
 *
 * PGlite must not be closed under a batch: `close` lets the batches already queued run, and a
 * batch that comes after is refused with an error (PGlite itself would take it while it closes).
 */
export class PgliteQueue {
  /** The named statements prepared in the session, as node-postgres records them (see the connection). */
  readonly parsedStatements: Record<string, string> = {};
  readonly submittedNamedStatements: Record<string, string> = {};
  private tail: Promise<unknown>;
  private closed = false;

  constructor(readonly pglite: PGlite) {
    this.tail = pglite.waitReady;
  }

  run(batch: Uint8Array): ReturnType<PGlite['execProtocolStream']> {
    const answer = this.tail.then(turnOfTheEventLoop).then(() => {
      if (this.closed || this.pglite.closed) throw new Error('The embedded database is closed.');
      return this.pglite.execProtocolStream(batch, { throwOnError: false });
    });
    this.tail = answer.catch(() => undefined);
    return answer;
  }

  /** Waits for the batches queued so far and refuses any later one; PGlite can then be closed. */
  async close(): Promise<void> {
    const last = this.tail;
    this.tail = last.then(() => {
      this.closed = true;
    });
    await this.tail;
  }
}

function turnOfTheEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * The node-postgres client class for the embedded database, for the pool's `Client` option: each
 * client gets a connection of its own over the one session.
 */
export function pgliteClientClass(queue: PgliteQueue): typeof pg.Client {
  return class PgliteClient extends pg.Client {
    constructor(config?: pg.ClientConfig) {
      super({ ...config, connection: new BatchingPgliteConnection(queue) } as pg.ClientConfig);
    }
  };
}
