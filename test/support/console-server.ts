/** The real application listening on a free local port, for a browser to reach. */
import type { AddressInfo } from 'node:net';
import { ensureConsoleBuilt } from './builds.js';
import { startTestApp, type TestApp } from './test-app.js';

export interface ConsoleServer extends TestApp {
  /** `http://127.0.0.1:<port>` */
  url: string;
}

export async function startConsoleServer(): Promise<ConsoleServer> {
  await ensureConsoleBuilt();
  const test = await startTestApp();
  await test.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = test.app.getHttpServer().address() as AddressInfo;
  return { ...test, url: `http://127.0.0.1:${port}` };
}
