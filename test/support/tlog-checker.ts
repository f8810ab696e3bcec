import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { entryBundlePath, tilePath, tilesForSize, type Tile } from '../../libs/tlog/index.js';

const GOPATH = '/usr/share/gocode';
const SOURCE = join(import.meta.dirname, 'tlog-checker', 'main.go');

/**
 * test/support/tlog-checker (Go's own sumdb/note and sumdb/tlog, as Debian ships them) built into
 * `dir`; the test set-up installs Go and the sources (required-tools.js). Answers a runner.
 */
export function buildTlogChecker(dir: string): (args: string[]) => { ok: boolean; out: string } {
  const binary = join(dir, 'tlog-checker');
  const build = spawnSync('go', ['build', '-o', binary, SOURCE], {
    encoding: 'utf8',
    env: { ...process.env, GO111MODULE: 'off', GOPATH, GOPROXY: 'off', GOFLAGS: '', GOCACHE: join(tmpdir(), 'evx-tlog-checker-gocache') },
  });
  if (build.status !== 0) throw new Error(`building the Go checker failed: ${build.error?.message ?? build.stderr}`);
  return (args) => {
    const result = spawnSync(binary, args, { encoding: 'utf8' });
    return { ok: result.status === 0, out: `${result.stdout}${result.stderr}` };
  };
}

/** Copies a served log of `size` entries (every tile and entry bundle, by its C2SP path) into `dir`. */
export async function mirrorTiles(dir: string, size: number, fetchPath: (path: string) => Promise<Buffer>): Promise<void> {
  const write = async (path: string) => {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, await fetchPath(path));
  };
  for (const tile of tilesForSize(size) as Tile[]) {
    await write(tilePath(tile));
    if (tile.level === 0) await write(entryBundlePath(tile));
  }
}
