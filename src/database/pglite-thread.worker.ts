/**
 * The embedded database's own thread: opens PGlite on the folder it is given and runs the
 * protocol bytes the main thread sends, one batch after the other, answering each with the
 * bytes PostgreSQL wrote. See pglite-thread.ts for why it runs here.
 */
import { PGlite } from '@electric-sql/pglite';
import { parentPort, workerData } from 'node:worker_threads';

export type ToDatabase = { id: number; batch: Uint8Array } | { close: true };
export type FromDatabase = { ready: true } | { id: number; data?: Uint8Array; error?: string } | { closed: true } | { failed: string };

const port = parentPort!;
const { dir } = workerData as { dir: string };

let db: PGlite;
let queue: Promise<void> = Promise.resolve();

try {
  db = await PGlite.create(dir);
  port.postMessage({ ready: true } satisfies FromDatabase);
} catch (error) {
  port.postMessage({ failed: String((error as Error)?.message ?? error) } satisfies FromDatabase);
  process.exit(1);
}

port.on('message', (message: ToDatabase) => {
  // One batch at a time and in order, as on a socket; a close waits for what came before it.
  queue = queue.then(async () => {
    if ('close' in message) {
      if (!db.closed) await db.close();
      port.postMessage({ closed: true } satisfies FromDatabase);
      port.close();
      return;
    }
    try {
      const data = await db.execProtocolRaw(message.batch);
      port.postMessage({ id: message.id, data } satisfies FromDatabase, [data.buffer as ArrayBuffer]);
    } catch (error) {
      port.postMessage({ id: message.id, error: String((error as Error)?.message ?? error) } satisfies FromDatabase);
    }
  });
});
