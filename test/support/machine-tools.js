// Plain JavaScript, so jest's global setup and .ci/run can both load it with node alone.
// Checks that the programs the tests run are on this machine; installs the missing ones with
// apt-get when it may (root, or sudo without a password); otherwise fails at once with the line
// that installs them. The list itself is data: test/support/required-tools.js.
import { spawnSync } from 'node:child_process';

const CHECK_TIMEOUT_MS = 10_000;
const APT_TIMEOUT_MS = 15 * 60_000;
// Wait for another apt run (a second test run, unattended upgrades) instead of failing on its lock.
const APT_OPTIONS = ['-qq', '-o', 'DPkg::Lock::Timeout=300'];

export class ToolsError extends Error {
  name = 'ToolsError';
}

const quote = (word) => `'${word.replace(/'/g, `'\\''`)}'`;

/** Whether `entry` is there: its own `check`, or `command -v <tool>`, run by sh with `env`. */
export function isPresent(entry, env = process.env) {
  const script = entry.check ?? `command -v ${quote(entry.tool)}`;
  return spawnSync('/bin/sh', ['-c', script], { env, stdio: 'ignore', timeout: CHECK_TIMEOUT_MS }).status === 0;
}

export function missingTools(tools, env = process.env) {
  return tools.filter((entry) => !isPresent(entry, env));
}

export function packagesOf(tools) {
  return [...new Set(tools.map((entry) => entry.package))];
}

/** The line a person runs to install `packages`. */
export function installLine(packages) {
  return `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${packages.join(' ')}`;
}

/** How apt-get may be run here: directly as root, through sudo without a password, or not at all. */
export function aptAccess({ env = process.env, uid = process.getuid?.() } = {}) {
  if (!isPresent({ tool: 'apt-get' }, env)) return { usable: false, reason: "apt-get is not on this machine; the package names are Debian's" };
  if (uid === 0) return { usable: true, prefix: [] };
  const sudo = isPresent({ tool: 'sudo' }, env) && spawnSync('sudo', ['-n', 'true'], { env, stdio: 'ignore', timeout: CHECK_TIMEOUT_MS }).status === 0;
  if (sudo) return { usable: true, prefix: ['sudo', '-n', 'env', 'DEBIAN_FRONTEND=noninteractive'] };
  return { usable: false, reason: 'not root, and sudo asks for a password' };
}

/** The message for tools that are missing and will not be installed: each tool, its package, the line. */
export function missingMessage(missing, reason) {
  const rows = packagesOf(missing).map((name) => [missing.filter((entry) => entry.package === name).map((entry) => entry.tool).join(', '), name]);
  const width = Math.max(...rows.map(([tools]) => tools.length));
  return [
    `The tests run programs this machine lacks, and cannot install them (${reason}):`,
    ...rows.map(([tools, name]) => `  ${tools.padEnd(width)}   Debian package ${name}`),
    'Install them, then run the tests again:',
    `  ${installLine(packagesOf(missing))}`,
  ].join('\n');
}

function apt(access, args, env) {
  const [command, ...rest] = [...access.prefix, 'apt-get', ...args];
  const result = spawnSync(command, rest, { env: { ...env, DEBIAN_FRONTEND: 'noninteractive' }, encoding: 'utf8', timeout: APT_TIMEOUT_MS });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
    throw new ToolsError(`${[command, ...rest].join(' ')} failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`}):\n${output}`);
  }
}

/**
 * Makes sure every tool in `tools` is there. Answers the packages it installed; throws a
 * ToolsError naming what is missing (and the line that installs it) when it cannot install.
 * `env` and `uid` are what a test replaces to stand for another machine.
 */
export function ensureTools(tools, { env = process.env, uid = process.getuid?.(), log = (line) => console.error(line) } = {}) {
  const missing = missingTools(tools, env);
  if (missing.length === 0) return { installed: [] };
  const packages = packagesOf(missing);
  const access = aptAccess({ env, uid });
  if (!access.usable) throw new ToolsError(missingMessage(missing, access.reason));
  log(`Installing ${packages.join(' ')} with apt-get: the tests run ${missing.map((entry) => entry.tool).join(', ')}, which this machine lacks.`);
  try {
    apt(access, ['update', ...APT_OPTIONS], env);
    apt(access, ['install', '-y', '--no-install-recommends', ...APT_OPTIONS, ...packages], env);
  } catch (error) {
    throw new ToolsError(`${error.message}\n\n${missingMessage(missing, 'apt-get failed')}`);
  }
  const still = missingTools(tools, env);
  if (still.length > 0) throw new ToolsError(missingMessage(still, `still missing after apt-get installed ${packages.join(' ')}`));
  return { installed: packages };
}
