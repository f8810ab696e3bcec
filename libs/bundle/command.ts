/**
 * `evx verify <bundle.zip> [--root root.pem] [--json]`, as a function the CLI, the single-file
 * verifier (bin/evx-verify.ts) and the tests call.
 */
import { readFileSync } from 'node:fs';
import { formatReport, verifyBundle } from './verify.js';

export const VERIFY_USAGE = 'usage: evx verify <bundle.zip> [--root root.pem] [--log-key <verifier key>] [--json]';

/**
 * Writes the report to `out`; answers the exit code: 0 all holds, 1 something fails, 2 usage.
 * `program` is how the usage line names the command.
 */
export async function verifyCommand(args: readonly string[], out: (text: string) => void, program = 'evx verify'): Promise<number> {
  const json = args.includes('--json');
  const rootIndex = args.indexOf('--root');
  const rootPath = rootIndex >= 0 ? args[rootIndex + 1] : undefined;
  const logKeyIndex = args.indexOf('--log-key');
  const logKey = logKeyIndex >= 0 ? args[logKeyIndex + 1] : undefined;
  const values = new Set([rootIndex + 1, logKeyIndex + 1].filter((index) => index > 0));
  const path = args.find((arg, index) => !arg.startsWith('--') && !values.has(index));
  if (!path || (rootIndex >= 0 && !rootPath) || (logKeyIndex >= 0 && !logKey)) {
    out(`usage: ${program} <bundle.zip> [--root root.pem] [--log-key <verifier key>] [--json]\n`);
    return 2;
  }
  let trustedRoot: string | undefined;
  try {
    trustedRoot = rootPath ? readFileSync(rootPath, 'utf8') : undefined;
  } catch (error) {
    out(`cannot read the root ${rootPath}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const report = await verifyBundle(path, { ...(trustedRoot !== undefined ? { trustedRoot } : {}), ...(logKey !== undefined ? { logKey } : {}) });
  out(json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report, path));
  if (!json && !rootPath && report.ok) out('  (trusting the root inside the bundle: compare its fingerprint with the one the exchange publishes, or pass --root)\n');
  if (!json && !logKey && report.ok) out('  (trusting the log key inside the bundle: compare it with GET /api/v1/log/key on the exchange, or pass --log-key)\n');
  return report.ok ? 0 : 1;
}
