/**
 * `evx log audit <log URL> [--state file] [--log-key <vkey>]`: an auditor of the exchange's
 * transparency log, with libs/tlog only (no Nest, no database). It fetches the log's key,
 * checkpoint and tiles over HTTP, checks the checkpoint's signature, proves from the tiles that
 * the last checkpoint it saw (kept in the state file) is a prefix of the new one, rebuilds the
 * whole tree from the entry bundles, and keeps the new checkpoint as the one it saw. Exit 0 when
 * everything holds, 1 naming what does not (an inconsistent or rolled-back log, a changed key, a
 * forged tile or entry), 2 for a usage error.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import {
  auditEntryBundles,
  entryBundlePath,
  hashesEqual,
  openCheckpoint,
  parseHash,
  parseNote,
  parseVerifierKey,
  tilePath,
  verifyConsistencyFromTiles,
  type Tile,
  type TileReader,
} from '../../libs/tlog/index.js';

export const LOG_AUDIT_USAGE = 'usage: evx log audit <log URL, e.g. https://evidence.example.eu/api/v1/log> [--state audit-state.json] [--log-key <verifier key>]';

/** What the auditor keeps between runs: the log it audits and the last checkpoint it accepted. */
interface AuditState {
  url: string;
  verifierKey: string;
  size: number;
  rootHash: string;
  checkpoint: string;
  auditedAt: string;
}

export interface AuditReport {
  ok: boolean;
  lines: string[];
}

class AuditFailure extends Error {}

async function fetchBytes(url: string): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    throw new AuditFailure(`GET ${url}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) throw new AuditFailure(`GET ${url}: HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

/** Tiles over HTTP, a few at a time. */
function httpTiles(base: string): TileReader {
  return {
    async readTiles(tiles: readonly Tile[]) {
      const data: Buffer[] = new Array(tiles.length);
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.min(8, tiles.length) }, async () => {
          while (next < tiles.length) {
            const i = next++;
            data[i] = await fetchBytes(`${base}/${tilePath(tiles[i])}`);
          }
        }),
      );
      return data;
    },
  };
}

/** One audit run. `statePath` is read and, when everything holds, written with the new checkpoint. */
export async function auditLog(url: string, options: { statePath?: string; logKey?: string } = {}): Promise<AuditReport> {
  const base = url.replace(/\/+$/, '');
  const lines: string[] = [];
  const saw = (line: string) => lines.push(`  [ok] ${line}`);
  try {
    const previous = options.statePath && existsSync(options.statePath) ? (JSON.parse(readFileSync(options.statePath, 'utf8')) as AuditState) : undefined;
    // The key: pinned on the command line, else the one seen before, else the one served (trusted on first use).
    const served = (await fetchBytes(`${base}/key`)).toString('utf8').trim();
    const verifierKey = options.logKey ?? previous?.verifierKey ?? served;
    if (served !== verifierKey) throw new AuditFailure(`the log serves the key ${served}, not ${verifierKey}${options.logKey ? ' (pinned with --log-key)' : ' (seen before)'}`);
    const verifier = parseVerifierKey(verifierKey);
    saw(`log key ${verifierKey}${options.logKey ? ' (pinned)' : previous ? ' (as seen before)' : ' (first seen now: compare it with the one the exchange publishes, or pass --log-key)'}`);

    const signed = (await fetchBytes(`${base}/checkpoint`)).toString('utf8');
    let opened;
    try {
      opened = openCheckpoint(signed, { origin: verifier.name, logVerifiers: [verifier] });
    } catch (error) {
      throw new AuditFailure(`checkpoint: ${(error as Error).message}`);
    }
    const tree = { size: opened.checkpoint.size, rootHash: opened.checkpoint.rootHash };
    const others = parseNote(signed).signatures.length - opened.logSignatures.length;
    saw(`checkpoint ${verifier.name} size ${tree.size} root ${tree.rootHash.toString('base64')}, signed by the log key${others ? `, with ${others} other signature(s) (witness cosignatures, not checked here)` : ''}`);

    if (previous) {
      const old = { size: previous.size, rootHash: parseHash(previous.rootHash) };
      if (tree.size < old.size) throw new AuditFailure(`the log went back from size ${old.size} to ${tree.size}: it is not the log seen on ${previous.auditedAt}`);
      if (tree.size === old.size) {
        if (!hashesEqual(tree.rootHash, old.rootHash)) throw new AuditFailure(`two roots for size ${tree.size}: the log shows another history than the one seen on ${previous.auditedAt}`);
        saw(`same tree as on ${previous.auditedAt}`);
      } else {
        try {
          await verifyConsistencyFromTiles(old, tree, httpTiles(base));
        } catch (error) {
          if (error instanceof AuditFailure) throw error;
          throw new AuditFailure(`the tree of size ${old.size} seen on ${previous.auditedAt} is not a prefix of the tree of size ${tree.size}: ${(error as Error).message}`);
        }
        saw(`consistent with the tree of size ${old.size} seen on ${previous.auditedAt}`);
      }
    }

    let entries: number;
    try {
      entries = await auditEntryBundles(tree, async (bundle) => fetchBytes(`${base}/${entryBundlePath(bundle)}`));
    } catch (error) {
      if (error instanceof AuditFailure) throw error;
      throw new AuditFailure(`entries: ${(error as Error).message}`);
    }
    saw(`${entries} entries rebuilt from the entry bundles hash to the checkpoint's root`);

    if (options.statePath) {
      const state: AuditState = { url: base, verifierKey, size: tree.size, rootHash: tree.rootHash.toString('base64'), checkpoint: signed, auditedAt: new Date().toISOString() };
      const partial = `${options.statePath}.${process.pid}.tmp`;
      writeFileSync(partial, `${JSON.stringify(state, null, 2)}\n`);
      renameSync(partial, options.statePath);
      saw(`kept size ${tree.size} in ${options.statePath} for the next audit`);
    }
    return { ok: true, lines: [`${base}: CONSISTENT`, ...lines] };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { ok: false, lines: [`${base}: NOT CONSISTENT`, ...lines, `  [FAIL] ${why}`] };
  }
}

/** `evx log audit ...`: answers the exit code. */
export async function logAuditCommand(args: readonly string[], out: (text: string) => void): Promise<number> {
  const usage = () => {
    out(`${LOG_AUDIT_USAGE}\n`);
    return 2;
  };
  const positional: string[] = [];
  const options: { statePath?: string; logKey?: string } = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--state' || arg === '--log-key') {
      const value = args[++i];
      if (value === undefined) return usage();
      if (arg === '--state') options.statePath = value;
      else options.logKey = value;
    } else if (arg.startsWith('--')) {
      return usage();
    } else {
      positional.push(arg);
    }
  }
  if (positional.length !== 1 || !/^https?:\/\//.test(positional[0])) return usage();
  const report = await auditLog(positional[0], options);
  out(`${report.lines.join('\n')}\n`);
  return report.ok ? 0 : 1;
}
