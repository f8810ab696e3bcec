import { readFileSync } from 'node:fs';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('health and documentation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('reports the database up, without a token', async () => {
    const response = await t.http().get('/health').expect(200);
    expect(response.body).toEqual({ status: 'ok', database: 'up' });
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the OpenAPI document and Swagger UI publicly', async () => {
    const document = await t.http().get('/docs-json').expect(200);
    expect(document.body.openapi).toMatch(/^3\./);
    expect(Object.keys(document.body.paths)).toEqual(expect.arrayContaining(['/health', '/api/v1/auth/login', '/api/v1/providers']));
    // The committed openapi.json is what the running code serves (CI also checks it with openapi:check).
    const committed = JSON.parse(readFileSync(new URL('../openapi.json', import.meta.url), 'utf8'));
    expect(document.body).toEqual(committed);
    const ui = await t.http().get('/docs').expect(200);
    expect(ui.text).toContain('swagger');
  });

  it('sets security headers (helmet)', async () => {
    const response = await t.http().get('/health');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['strict-transport-security']).toBeDefined();
  });
});
