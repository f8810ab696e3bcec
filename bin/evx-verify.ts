#!/usr/bin/env node
/**
 * evx-verify.mjs: `evx verify` for a bundle's recipient, who has Node.js and no copy of this
 * project. scripts/build-verifier.js bundles this entry point with libs/bundle, libs/pki, libs/tlog
 * and yauzl into one file that imports only Node's built-ins; the exchange serves it at
 * GET /api/v1/tools/evx-verify.mjs.
 *
 *   node evx-verify.mjs <bundle.zip> [--root root.pem] [--log-key <verifier key>] [--json]
 *
 * Same checks, report and exit codes as `evx verify`: 0 everything holds, 1 something fails, 2 usage.
 */
import { verifyCommand } from '../libs/bundle/command.js';
import { VERIFIER_FILENAME } from '../libs/bundle/contents.js';

process.exitCode = await verifyCommand(process.argv.slice(2), (text) => process.stdout.write(text), `node ${VERIFIER_FILENAME}`);
