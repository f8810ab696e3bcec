/**
 * The console's TypeScript types of the HTTP API, generated from the committed openapi.json
 * (which `npm run openapi:check` keeps equal to the server's code). A console test fails when
 * src/api/schema.d.ts is not what this script makes, so the two cannot drift:
 *
 *   node console/scripts/api-types.mjs          # rewrite console/src/api/schema.d.ts
 *   node console/scripts/api-types.mjs --check  # exit 1 when it is stale
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import openapiTS, { COMMENT_HEADER, astToString } from 'openapi-typescript';

export const OPENAPI_PATH = fileURLToPath(new URL('../../openapi.json', import.meta.url));
export const TYPES_PATH = fileURLToPath(new URL('../src/api/schema.d.ts', import.meta.url));

/** The types file as the generator writes it for the committed openapi.json. */
export async function renderApiTypes() {
  const document = JSON.parse(readFileSync(OPENAPI_PATH, 'utf8'));
  const ast = await openapiTS(document, { silent: true });
  return COMMENT_HEADER + astToString(ast);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rendered = await renderApiTypes();
  if (process.argv.includes('--check')) {
    const current = readFileSync(TYPES_PATH, 'utf8');
    if (current !== rendered) {
      console.error('console/src/api/schema.d.ts is stale: run `npm run console:types`');
      process.exit(1);
    }
  } else {
    writeFileSync(TYPES_PATH, rendered);
  }
}
