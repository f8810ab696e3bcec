import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  /** The path and query the request was sent to. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

/**
 * A webhook receiver on loopback for the tests: records every POST and answers what `answer`
 * says (200 by default; a status, a promised status, or 'hang' to never answer).
 */
export async function webhookReceiver(answer: (request: { headers: IncomingHttpHeaders; body: string; count: number }) => number | 'hang' | Promise<number> = () => 200) {
  const received: Received[] = [];
  const hanging = new Set<() => void>();
  let arrivals = 0;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      // A promised status answers once it settles (a slow receiver); `received` records the answer then.
      arrivals += 1;
      const status = await answer({ headers: request.headers, body, count: arrivals });
      if (status === 'hang') {
        hanging.add(() => response.destroy());
        received.push({ url: request.url ?? '', headers: request.headers, body, status: 0 });
        return;
      }
      received.push({ url: request.url ?? '', headers: request.headers, body, status });
      response.statusCode = status;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    port,
    received,
    /** Waits until `predicate` holds over what was received (polling, at most `ms`). */
    async until(predicate: (received: Received[]) => boolean, ms = 15_000): Promise<Received[]> {
      const deadline = Date.now() + ms;
      while (!predicate(received)) {
        if (Date.now() > deadline) throw new Error(`the receiver did not get what was expected in ${ms} ms; it got ${received.length}: ${received.map((r) => r.body).join(' | ').slice(0, 2000)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return received;
    },
    async close(): Promise<void> {
      for (const destroy of hanging) destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
