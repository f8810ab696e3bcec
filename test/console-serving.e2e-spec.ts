/** The console as the real application serves it, without a browser. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ensureConsoleBuilt } from './support/builds.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;

beforeAll(async () => {
  await ensureConsoleBuilt();
  t = await startTestApp();
}, 180_000);

afterAll(async () => {
  await t?.close();
});

describe('GET /console', () => {
  it('serves the console without a token, under its own strict CSP', async () => {
    const response = await t.http().get('/console').expect(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = response.headers['content-security-policy'];
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("style-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("require-trusted-types-for 'script'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|wasm-unsafe-eval/);
    // No inline script or style for the CSP to refuse: the page is files only.
    expect(response.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=/);
    expect(response.text).toMatch(/<script type="module" crossorigin src="\/console\/assets\/index-[\w-]+\.js"><\/script>/);
  });

  it('serves the console’s routes and files, and 404 for files it does not have', async () => {
    const index = await t.http().get('/console/orders/3f1c2b9e-0000-4000-8000-000000000000').expect(200);
    expect(index.text).toContain('<div id="root">');
    const script = /src="(\/console\/assets\/index-[\w-]+\.js)"/.exec(index.text)![1];
    const asset = await t.http().get(script).set('accept-encoding', 'br').expect(200);
    expect(asset.headers['content-encoding']).toBe('br');
    expect(asset.headers['cache-control']).toContain('immutable');
    await t.http().get('/console/assets/not-there.js').expect(404);
  });

  it('leaves the API as it was: same CSP, same OpenAPI document', async () => {
    const health = await t.http().get('/health').expect(200);
    expect(health.headers['content-security-policy']).not.toContain("default-src 'none'");
    const served = await t.http().get('/docs-json').expect(200);
    expect(Object.keys(served.body.paths).some((path) => path.startsWith('/console'))).toBe(false);
    const committed = JSON.parse(readFileSync(fileURLToPath(new URL('../openapi.json', import.meta.url)), 'utf8'));
    expect(Object.keys(served.body.paths)).toEqual(Object.keys(committed.paths));
  });

  it('keeps the JavaScript a signed-out visitor loads under 250 kB gzipped', async () => {
    const index = await t.http().get('/console').expect(200);
    const entry = /src="\/console\/(assets\/index-[\w-]+\.js)"/.exec(index.text)![1];
    // Modules the entry imports statically are preloaded with it; lazy chunks are not.
    const preloads = [...index.text.matchAll(/rel="modulepreload"[^>]*href="\/console\/([^"]+)"/g)].map((match) => match[1]);
    const built = (name: string) => fileURLToPath(new URL(`../dist/console/${name}.gz`, import.meta.url));
    const gzipped = [entry, ...preloads].reduce((sum, name) => sum + readFileSync(built(name)).length, 0);
    expect(gzipped).toBeLessThan(250 * 1000);
  });
});
