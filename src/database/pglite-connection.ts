import { EventEmitter } from 'node:events';
import { serialize } from 'pg-protocol';
import { Parser } from 'pg-protocol/dist/parser.js';
import type { PgliteThread } from './pglite-thread.js';

/**
 * The socket node-postgres talks to when the database is the embedded PGlite, which runs in its
 * own thread (PgliteThread). It plays the part of PGlite's own `createPgConfig(...).connection`
 * with two differences that matter for speed:
 *
 * - node-postgres writes an extended-protocol query as five messages (Parse, Bind, Describe,
 *   Execute, Sync) and PGlite's connection hands each one to the database on its own. This one
 *   gathers them the way a socket buffer would and sends them together when node-postgres waits
 *   for an answer (Sync, Flush, a simple Query, the end of a COPY). PostgreSQL reads the batch as
 *   it reads the same bytes from a socket, errors included: after an error it skips to the next
 *   Sync, which is in the same batch.
 * - The answer comes back as bytes and is parsed here with node-postgres's own parser, so errors
 *   carry every field (code, constraint, detail) exactly as from a server.
 */
export class BatchingPgliteConnection extends EventEmitter {
  /** Checked by pg's Client.end(), which skips connection.end() without it. */
  public _connecting = false;
  /** pg's Client.end() destroys the stream when a query is still active. */
  public readonly stream = { destroy: () => this.end() };
  public parsedStatements = {};
  public submittedNamedStatements = {};

  private readonly database: PgliteThread;
  private emitMessage = false;
  private queue: Promise<void> = Promise.resolve();
  private pending: Buffer[] = [];
  private parser = new Parser();

  constructor(database: PgliteThread) {
    super();
    this.database = database;
    this.on('newListener', (eventName) => {
      if (eventName === 'message') this.emitMessage = true;
    });
  }

  connect(): void {
    this._connecting = true;
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

  // Messages node-postgres waits after: the batch goes to the database.
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
    // Like a socket closing: pg waits for 'end'. The database is owned by the data source and
    // stays open; the pool reuses this connection for its next client, so the ended client's
    // listeners go now and must not receive the next one's messages.
    this.pending = [];
    this.queue = this.queue.then(() => {
      this.emit('end');
    });
    for (const event of this.eventNames()) if (event !== 'newListener') this.removeAllListeners(event);
    this.emitMessage = false;
    this.parser = new Parser();
  }

  private send(last: Buffer): void {
    this.pending.push(last);
    // A copy of its own: Buffer.concat of one small buffer may share Node's pool.
    const batch = new Uint8Array(Buffer.concat(this.pending));
    this.pending = [];
    const answer = this.database.exec(batch);
    // Handled below once the answers before it are out; marked now so an early failure (the thread
    // ended) is not reported as unhandled in between.
    answer.catch(() => {});
    this.queue = this.queue
      .then(() => answer)
      .then((data) => {
        this.parser.parse(Buffer.from(data.buffer, data.byteOffset, data.byteLength), (message) => {
          if (this.emitMessage) this.emit('message', message);
          // node-postgres expects an ErrorResponse as 'errorMessage'
          this.emit(message.name === 'error' ? 'errorMessage' : message.name, message);
        });
      })
      .catch((error: unknown) => {
        this.emit('error', error);
      });
  }
}
