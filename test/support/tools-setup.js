// Jest's top-level global setup (every project, before any test) and .ci/run's step
// `node test/support/tools-setup.js`: the programs in required-tools.js are there, or are
// installed, or the run stops here with the line that installs them.
import { pathToFileURL } from 'node:url';
import { ToolsError, ensureTools } from './machine-tools.js';
import { REQUIRED_TOOLS } from './required-tools.js';

export default function toolsSetup() {
  try {
    ensureTools(REQUIRED_TOOLS);
  } catch (error) {
    if (!(error instanceof ToolsError)) throw error;
    // The message is the whole story: no stack, and no test starts.
    console.error(`\n${error.message}\n`);
    process.exit(1);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) toolsSetup();
