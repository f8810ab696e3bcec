import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FromDatabase, ToDatabase } from './pglite-thread.worker.js';

/**
 * The embedded PostgreSQL (PGlite) in a thread of its own.
 *
 * PGlite is PostgreSQL compiled to WebAssembly: every query runs on the thread that owns the
 * instance. On the main thread that was about half of the event loop's time per signed step
 * (measured with the orders benchmark: 36 of 68 ms per create + issue + acknowledge cycle), time in
 * which no request could be parsed, no signature made and no answer written. In its own thread the
 * database works while the event loop serves, and the two use both cores.
 *
 * The thread speaks bytes: the wire protocol node-postgres writes goes in, what PostgreSQL answers
 * comes back, exactly as over a socket; the one connection (BatchingPgliteConnection) parses it.
 * Batches run one at a time in the order sent. Closing waits for every batch sent before it; a
 * batch sent after, or still waiting when the thread dies, fails with an error rather than hang.
 */
export class PgliteThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (data: Uint8Array) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private ended: Error | undefined;
  private closing: Promise<void> | undefined;

  private constructor(worker: Worker) {
    this.worker = worker;
    worker.on('message', (message: FromDatabase) => {
      if (!('id' in message)) return;
      const waiter = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (message.error !== undefined) waiter?.reject(new Error(message.error));
      else waiter?.resolve(message.data!);
    });
    worker.on('error', (error) => this.end(error));
    worker.on('exit', (code) => this.end(new Error(`PGlite is closed (its thread exited with code ${code})`)));
  }

  /** Opens the database in `dir` (which must exist) in a new thread, once it is ready. */
  static async open(dir: string): Promise<PgliteThread> {
    const worker = import.meta.url.endsWith('.ts')
      ? // Under the test runner the sources are TypeScript: the thread loads them through tsx.
        new Worker(`import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(new URL('./pglite-thread.worker.ts', import.meta.url).href)}, ${JSON.stringify(import.meta.url)}))`, { eval: true, workerData: { dir } })
      : new Worker(fileURLToPath(new URL('./pglite-thread.worker.js', import.meta.url)), { workerData: { dir } });
    const [first] = (await Promise.race([once(worker, 'message'), once(worker, 'error').then(([error]) => Promise.reject(error as Error))])) as [FromDatabase];
    if (!('ready' in first)) {
      await worker.terminate();
      throw new Error(`opening the embedded database in ${dir} failed: ${'failed' in first ? first.failed : 'no answer'}`);
    }
    return new PgliteThread(worker);
  }

  get closed(): boolean {
    return this.ended !== undefined || this.closing !== undefined;
  }

  /** Runs one batch of protocol messages; resolves with PostgreSQL's answer. */
  exec(batch: Uint8Array): Promise<Uint8Array> {
    if (this.ended) return Promise.reject(this.ended);
    if (this.closing) return Promise.reject(new Error('PGlite is closing'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, batch } satisfies ToDatabase);
    });
  }

  /** Closes PGlite (its files flushed) after every batch already sent, and ends the thread. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.ended) return;
      const closed = new Promise<void>((resolve) => {
        const onMessage = (message: FromDatabase) => {
          if ('closed' in message) resolve();
        };
        this.worker.on('message', onMessage);
        this.worker.once('exit', () => resolve());
      });
      this.worker.postMessage({ close: true } satisfies ToDatabase);
      await closed;
      await this.worker.terminate();
    })();
    return this.closing;
  }

  private end(error: Error): void {
    this.ended ??= error;
    for (const waiter of this.waiting.values()) waiter.reject(this.ended);
    this.waiting.clear();
  }
}
