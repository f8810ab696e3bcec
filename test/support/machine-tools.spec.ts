import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ToolsError, ensureTools, installLine, type RequiredTool } from './machine-tools.js';
import { REQUIRED_TOOLS } from './required-tools.js';

/**
 * The set-up `npm test` runs first, on machines it builds out of a folder: PATH is that folder
 * alone, apt-get and sudo are scripts in it that log their arguments, and the uid is chosen.
 */
describe('the tools check before the tests', () => {
  let dir: string;
  let bin: string;
  let aptLog: string;
  const env = () => ({ PATH: bin });

  /** An executable in the fake PATH; it may use the real PATH itself. */
  const script = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/bin/sh\nPATH=/usr/bin:/bin\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  const tool = (name: string) => script(name, 'exit 0');
  // apt-get that logs its arguments and "installs" a package by making the tool of the same name.
  const fakeApt = (exitCode = 0) =>
    script('apt-get', `printf '%s\\n' "$*" >> '${aptLog}'\nif [ "$1" = install ]; then for p in "$@"; do case "$p" in -*|install|DPkg*) ;; *) printf '#!/bin/sh\\n' > '${bin}'/"$p"; chmod +x '${bin}'/"$p";; esac; done; fi\n[ ${exitCode} = 0 ] || { echo "E: Unable to locate package"; exit ${exitCode}; }`);
  const aptCalls = () => (existsSync(aptLog) ? readFileSync(aptLog, 'utf8').trim().split('\n') : []);
  const failure = (run: () => unknown): ToolsError => {
    try {
      run();
    } catch (error) {
      return error as ToolsError;
    }
    throw new Error('expected the check to fail');
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'evx-tools-'));
    bin = join(dir, 'bin');
    aptLog = join(dir, 'apt.log');
    mkdirSync(bin);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('passes without a word when everything is there, including a tool checked by its own command', () => {
    tool('present-tool');
    const lines: string[] = [];
    const tools: RequiredTool[] = [
      { tool: 'present-tool', package: 'pkg-a' },
      { tool: 'sources', package: 'pkg-src', check: `test -d '${dir}'` },
    ];
    expect(ensureTools(tools, { env: env(), uid: 1000, log: (line) => lines.push(line) })).toEqual({ installed: [] });
    expect(lines).toEqual([]);
  });

  it('stops within seconds, before installing anything, naming each missing tool and the line that installs it, when apt-get is not usable', () => {
    fakeApt();
    script('sudo', 'echo "sudo: a password is required" >&2; exit 1');
    const started = process.hrtime.bigint();
    const error = failure(() => ensureTools(REQUIRED_TOOLS, { env: env(), uid: 1000, log: () => {} }));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    expect(seconds).toBeLessThan(5);
    expect(error).toBeInstanceOf(ToolsError);
    expect(error.message).toContain('not root, and sudo asks for a password');
    // Tools found by a command are missing from the empty PATH; those checked otherwise (a folder
    // of sources, a fixed path) are missing only if this machine lacks them too.
    const missing = REQUIRED_TOOLS.filter((entry) => !entry.check || spawnSync('/bin/sh', ['-c', entry.check], { env: env() }).status !== 0);
    expect(missing.length).toBeGreaterThanOrEqual(REQUIRED_TOOLS.filter((entry) => !entry.check).length);
    for (const { tool, package: name } of missing) {
      expect(error.message).toMatch(new RegExp(`^  .*\\b${tool}\\b.*Debian package ${name}$`, 'm'));
    }
    for (const { tool } of REQUIRED_TOOLS.filter((entry) => !missing.includes(entry))) expect(error.message).not.toContain(tool);
    const packages = [...new Set(missing.map((entry) => entry.package))];
    expect(error.message).toContain(`\n  ${installLine(packages)}`);
    expect(installLine(['poppler-utils', 'qpdf'])).toBe('sudo apt-get update && sudo apt-get install -y --no-install-recommends poppler-utils qpdf');
    expect(aptCalls()).toEqual([]);
  });

  it('as the global set-up, exits 1 with the message alone, no stack, on a machine without the tools or apt-get', () => {
    const started = process.hrtime.bigint();
    const run = spawnSync(process.execPath, [fileURLToPath(new URL('./tools-setup.js', import.meta.url))], { env: env(), encoding: 'utf8', timeout: 20_000 });
    expect(Number(process.hrtime.bigint() - started) / 1e9).toBeLessThan(5);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('The tests run programs this machine lacks');
    expect(run.stderr).toMatch(/^ {2}pdfsig, pdftotext, pdftoppm, pdfdetach, pdffonts +Debian package poppler-utils$/m);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stdout).toBe('');
  });

  it('names only what is missing, and a tool checked by its own command', () => {
    tool('present-tool');
    const error = failure(() =>
      ensureTools(
        [
          { tool: 'present-tool', package: 'pkg-a' },
          { tool: 'absent-tool', package: 'pkg-b' },
          { tool: 'Go x/mod sources', package: 'golang-golang-x-mod-dev', check: `test -d '${dir}/no-such-dir'` },
        ],
        { env: env(), uid: 1000, log: () => {} },
      ),
    );
    expect(error.message).toContain("apt-get is not on this machine; the package names are Debian's");
    expect(error.message).not.toContain('present-tool');
    expect(error.message).toMatch(/^ {2}absent-tool +Debian package pkg-b$/m);
    expect(error.message).toMatch(/^ {2}Go x\/mod sources +Debian package golang-golang-x-mod-dev$/m);
    expect(error.message).toContain(`\n  ${installLine(['pkg-b', 'golang-golang-x-mod-dev'])}`);
  });

  it('as root, updates once and installs each missing package once, saying what and why in one line', () => {
    fakeApt();
    tool('present-tool');
    const lines: string[] = [];
    const result = ensureTools(
      [
        { tool: 'present-tool', package: 'pkg-a' },
        { tool: 'pkg-b', package: 'pkg-b' },
        { tool: 'pkg-c', package: 'pkg-c' },
      ],
      { env: env(), uid: 0, log: (line) => lines.push(line) },
    );
    expect(result).toEqual({ installed: ['pkg-b', 'pkg-c'] });
    expect(lines).toEqual(['Installing pkg-b pkg-c with apt-get: the tests run pkg-b, pkg-c, which this machine lacks.']);
    const calls = aptCalls();
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatch(/^update -qq\b/);
    expect(calls[1]).toMatch(/^install -y --no-install-recommends -qq .* pkg-b pkg-c$/);
  });

  it('goes through sudo when sudo needs no password', () => {
    fakeApt();
    // sudo -n env DEBIAN_FRONTEND=noninteractive apt-get ...: run the rest as given.
    script('sudo', `printf '%s\\n' "$*" >> '${dir}/sudo.log'\n[ "$1" = -n ] || exit 1\nshift\n[ "$1" = true ] && exit 0\nshift 2\nexec '${bin}'/"$@"`);
    const result = ensureTools([{ tool: 'pkg-b', package: 'pkg-b' }], { env: env(), uid: 1000, log: () => {} });
    expect(result).toEqual({ installed: ['pkg-b'] });
    const sudo = readFileSync(join(dir, 'sudo.log'), 'utf8').trim().split('\n');
    expect(sudo[0]).toBe('-n true');
    expect(sudo.slice(1).map((line) => line.split(' ').slice(0, 4).join(' '))).toEqual(['-n env DEBIAN_FRONTEND=noninteractive apt-get', '-n env DEBIAN_FRONTEND=noninteractive apt-get']);
  });

  it('fails with apt-get\'s own words and the line when the install fails', () => {
    fakeApt(100);
    const error = failure(() => ensureTools([{ tool: 'pkg-b', package: 'pkg-b' }], { env: env(), uid: 0, log: () => {} }));
    expect(error.message).toContain('E: Unable to locate package');
    expect(error.message).toContain('exit 100');
    expect(error.message).toContain(installLine(['pkg-b']));
  });
});
