import { connect, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Relay } from './support/relay.js';

/**
 * The relay the outage specs put in front of PostgreSQL passes on what happens to a connection:
 * a reset on the database's side must reach the app's side, or the app waits on an open socket
 * forever and the spec reports a hang the app does not have.
 */
describe('the test relay in front of the database', () => {
  const through = async (onUpstream: (socket: Socket) => void) => {
    const target = createServer(onUpstream);
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    const relay = new Relay({ host: '127.0.0.1', port: (target.address() as AddressInfo).port });
    await relay.start();
    const client = connect(relay.port, '127.0.0.1');
    const received: Buffer[] = [];
    client.on('data', (chunk: Buffer) => received.push(chunk));
    client.on('error', () => undefined);
    const closed = new Promise<'closed'>((resolve) => client.on('close', () => resolve('closed')));
    const outcome = await Promise.race([closed, new Promise<'open'>((resolve) => setTimeout(() => resolve('open'), 3_000))]);
    client.destroy();
    await relay.cut();
    await new Promise((resolve) => target.close(resolve));
    return { outcome, received: Buffer.concat(received).toString() };
  };

  it('closes the app\'s side when the database resets the connection', async () => {
    expect(await through((socket) => socket.resetAndDestroy())).toEqual({ outcome: 'closed', received: '' });
  });

  it('passes on what the database sent before it ended the connection, then the end', async () => {
    expect(await through((socket) => socket.end('FATAL: terminating connection'))).toEqual({ outcome: 'closed', received: 'FATAL: terminating connection' });
  });
});
