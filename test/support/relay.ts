import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP relay in front of PostgreSQL that a test can cut and mend: a network or server outage.
 *
 * It forwards faithfully what happens to a connection on either side. An end (FIN) is passed on
 * after the data before it; a reset is passed on as one, as a network would. Swallowing a reset
 * instead (PostgreSQL resets a session it ends while a query is still unread in its socket, as
 * pg_terminate_backend does) would leave the app's side open and waiting forever: a hang that
 * belongs to the relay, not to the app.
 */
export class Relay {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  /** Accepts connections (again), on the port it had if it had one. */
  async start(port = this.port): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.target);
      for (const [socket, other] of [
        [client, upstream],
        [upstream, client],
      ]) {
        this.sockets.add(socket);
        socket.on('error', () => other.destroy());
        socket.on('close', (hadError) => {
          this.sockets.delete(socket);
          if (hadError) other.destroy();
          else other.end();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Drops every connection and refuses new ones. */
  async cut(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}
