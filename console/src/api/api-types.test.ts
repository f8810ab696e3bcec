import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error a plain ES module script without type declarations
import { renderApiTypes, TYPES_PATH } from '../../scripts/api-types.mjs';

describe('the API types', () => {
  it('are what openapi.json generates now (run `npm run console:types` after changing the API)', async () => {
    const committed = readFileSync(TYPES_PATH as string, 'utf8');
    const generated = (await renderApiTypes()) as string;
    expect(committed === generated, 'console/src/api/schema.d.ts is stale: run `npm run console:types`').toBe(true);
  }, 30_000);
});
