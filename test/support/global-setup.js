// Plain JavaScript: jest loads global setup outside its module system. It names the run (the
// first test file that needs the template database builds it, test-database.ts, under a lock
// the other workers wait on) and builds the single-file verifier the tools route serves, from
// the sources under test.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildVerifier } from '../../scripts/build-verifier.js';

export default async function globalSetup() {
  process.env.EVX_TEST_RUN_DIR = mkdtempSync(join(tmpdir(), 'evx-test-run-'));
  process.env.EVX_TEST_RUN_ID = `${process.pid}_${Date.now().toString(36)}`;
  await buildVerifier();
}
