/**
 * The committed OpenAPI document (openapi.json) is generated from the code, never edited:
 *
 *   npm run openapi:generate   rewrites openapi.json
 *   npm run openapi:check      exits 1 when openapi.json differs from what the code generates (CI)
 *
 * The app is built in Nest's preview mode: routes and DTOs are read, nothing is started, no
 * database is opened.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppModule } from '../src/app.module.js';
import { loadConfig } from '../src/config/app-config.js';
import { API_PREFIX, buildOpenApiDocument, UNPREFIXED_ROUTES } from '../src/configure-app.js';

const FILE = resolve(import.meta.dirname, '../../openapi.json');

async function generate(): Promise<string> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(loadConfig({})), new FastifyAdapter(), {
    preview: true,
    logger: false,
  });
  app.setGlobalPrefix(API_PREFIX, { exclude: UNPREFIXED_ROUTES });
  const document = buildOpenApiDocument(app);
  await app.close();
  return `${JSON.stringify(document, null, 2)}\n`;
}

const command = process.argv[2];
const generated = await generate();
if (command === 'check') {
  let committed = '';
  try {
    committed = readFileSync(FILE, 'utf8');
  } catch {
    // missing counts as different
  }
  if (committed !== generated) {
    console.error('openapi.json is out of date with the code: run `npm run openapi:generate` and commit it.');
    process.exitCode = 1;
  } else {
    console.log('openapi.json matches the code');
  }
} else {
  writeFileSync(FILE, generated);
  console.log(`wrote ${FILE}`);
}
