import Fastify, { type FastifyInstance } from 'fastify';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { ConsoleAssets } from './console-assets.js';
import { CONSOLE_CSP, pickEncoding, registerConsoleRoutes } from './console-http.js';

const INDEX = '<!doctype html><html><head><script type="module" src="/console/assets/index-AbC123.js"></script></head><body><div id="root"></div></body></html>';
const SCRIPT = 'console.log("the console");'.repeat(50);

interface Answer {
  statusCode: number;
  headers: IncomingHttpHeaders;
  rawPayload: Buffer;
  body: string;
}

/** A real request, bytes as sent (fastify's inject needs an ESM-only package jest cannot load here). */
function get(app: FastifyInstance, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  const { port } = app.server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, path, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const rawPayload = Buffer.concat(chunks);
        resolve({ statusCode: response.statusCode ?? 0, headers: response.headers, rawPayload, body: rawPayload.toString('utf8') });
      });
    });
    request.on('error', reject);
    request.end();
  });
}

async function serve(assets: ConsoleAssets | null): Promise<FastifyInstance> {
  const app = Fastify();
  registerConsoleRoutes(app, assets);
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app;
}

describe('serving the console', () => {
  let directory: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'evx-console-'));
    mkdirSync(join(directory, 'assets'));
    writeFileSync(join(directory, 'index.html'), INDEX);
    writeFileSync(join(directory, 'assets', 'index-AbC123.js'), SCRIPT);
    writeFileSync(join(directory, 'assets', 'index-AbC123.js.gz'), gzipSync(SCRIPT));
    writeFileSync(join(directory, 'assets', 'index-AbC123.js.br'), brotliCompressSync(SCRIPT));
    app = await serve(ConsoleAssets.load(directory));
  });

  afterAll(async () => {
    await app.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('answers /console with the index under the strict CSP', async () => {
    const response = await get(app, '/console');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toBe(CONSOLE_CSP);
    expect(CONSOLE_CSP).toContain("script-src 'self';");
    expect(CONSOLE_CSP).not.toMatch(/unsafe-(inline|eval)|wasm/);
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.body).toBe(INDEX);
  });

  it('answers the console’s own routes with the index, so a reload or a shared link works', async () => {
    for (const url of ['/console/', '/console/inbox', '/console/orders/82f8741b-c062-44a7-a55b-2cc4208962cb']) {
      const response = await get(app, url);
      expect(response.statusCode).toBe(200);
      expect(response.body).toBe(INDEX);
    }
  });

  it('serves hashed assets for good, compressed as the client accepts', async () => {
    const brotli = await get(app, '/console/assets/index-AbC123.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(brotli.statusCode).toBe(200);
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(brotli.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const gzip = await get(app, '/console/assets/index-AbC123.js', { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).toString()).toBe(SCRIPT);
    const plain = await get(app, '/console/assets/index-AbC123.js', { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(SCRIPT);
  });

  it('answers 304 to a revalidation with the same ETag', async () => {
    const first = await get(app, '/console');
    const again = await get(app, '/console', { 'if-none-match': String(first.headers.etag) });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('answers 404 for a file it does not have, not the index', async () => {
    for (const url of ['/console/assets/missing.js', '/console/favicon.ico', '/console/assets/index-AbC123.js.map']) {
      const response = await get(app, url);
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain('<div id="root">');
    }
  });

  it('never reads outside its own files, whatever the path', async () => {
    writeFileSync(join(directory, '..', 'evx-console-secret.txt'), 'secret');
    for (const url of ['/console/..%2fevx-console-secret.txt', '/console/%2e%2e/evx-console-secret.txt', '/console/assets/..%2f..%2fevx-console-secret.txt', '/console/..%5c..%5cetc%5cpasswd']) {
      const response = await get(app, url);
      expect(response.body).not.toContain('secret');
      expect(response.body).not.toContain('root:');
      expect(response.statusCode === 404 || response.statusCode === 400 || response.body === INDEX).toBe(true);
    }
    rmSync(join(directory, '..', 'evx-console-secret.txt'));
  });

  it('answers 503 saying how to build it when the console is not built', async () => {
    const bare = await serve(ConsoleAssets.load(join(directory, 'nowhere')));
    const response = await get(bare, '/console');
    expect(response.statusCode).toBe(503);
    expect(response.body).toContain('npm run build');
    expect(response.headers['content-security-policy']).toBe(CONSOLE_CSP);
    await bare.close();
  });
});

describe('choosing the encoding', () => {
  const both = { br: Buffer.from('b'), gzip: Buffer.from('g') };
  it.each([
    ['gzip, deflate, br', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip;q=0.5', 'gzip'],
    ['*', 'br'],
    ['*;q=0', 'identity'],
    [undefined, 'identity'],
    ['identity', 'identity'],
  ])('%s → %s', (header, expected) => {
    expect(pickEncoding(header, both)).toBe(expected);
  });

  it('sends what exists', () => {
    expect(pickEncoding('br, gzip', { gzip: Buffer.from('g') })).toBe('gzip');
    expect(pickEncoding('br, gzip', {})).toBe('identity');
  });
});
