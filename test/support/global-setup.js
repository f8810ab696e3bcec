// Plain JavaScript: jest loads global setup outside its module system, so this file only
// names the run. The first test file that needs the template database builds it
// (test-database.ts), under a lock the other workers wait on.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function globalSetup() {
  process.env.EVX_TEST_RUN_DIR = mkdtempSync(join(tmpdir(), 'evx-test-run-'));
  process.env.EVX_TEST_RUN_ID = `${process.pid}_${Date.now().toString(36)}`;
}
