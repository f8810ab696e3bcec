/**
 * The transparency log's part of a bundle: for every step, a c2sp.org/tlog-proof@v1 file that
 * proves the step's hash is an entry of the exchange's public log, under a checkpoint signed by
 * the log key (and cosigned by witnesses, when the exchange has them). Checked offline, against
 * the log key the verifier is given (`--log-key`) or, failing that, the one in the bundle.
 */
import { TlogError, openCheckpoint, parseTlogProof, parseVerifierKey, verifyTlogProof, type NoteVerifier } from '../tlog/index.js';

/** Where a step's proof lives in the bundle. */
export function logProofPath(seq: number): string {
  return `log/steps/${seq}.tlog-proof`;
}

export interface LogProofCheck {
  ok: boolean;
  /** One line for the report: what holds, or every step that fails, by number and action. */
  detail: string;
  /** The log key the proofs were checked against. */
  logKey: string | null;
}

export interface LoggedStepFacts {
  seq: number;
  action: string;
  /** The step's hash (hex): the 32-byte log entry. */
  hash: string;
  /** The log index the bundle's steps file states, if it states one. */
  logIndex?: number | null;
}

/**
 * Checks every step's proof. `proofs` maps a step's seq to its file's text (absent when the
 * bundle lacks it); `logKey` is the trusted verifier key; `witnessKeys` the witnesses whose
 * cosignatures are counted (from the bundle: reported, never required).
 */
export function checkLogProofs(steps: readonly LoggedStepFacts[], proofs: ReadonlyMap<number, string>, logKey: string | undefined, witnessKeys: readonly string[] = []): LogProofCheck {
  if (!logKey) return { ok: false, detail: 'no log key: the bundle carries none and none was given (--log-key)', logKey: null };
  let verifier: NoteVerifier;
  try {
    verifier = parseVerifierKey(logKey);
  } catch (error) {
    return { ok: false, detail: `the log key is not a verifier key: ${(error as Error).message}`, logKey };
  }
  const witnesses = witnessKeys.flatMap((key) => {
    try {
      return [parseVerifierKey(key)];
    } catch {
      return [];
    }
  });
  const problems: string[] = [];
  const checkpoints = new Map<string, { size: number; root: string; cosigned: number }>();
  // Entry indexes follow the chain: the sequencer appends an order's steps in the order they committed.
  let previous: { seq: number; index: number } | null = null;
  for (const step of [...steps].sort((a, b) => a.seq - b.seq)) {
    const name = `step ${step.seq} (${step.action})`;
    const text = proofs.get(step.seq);
    if (text === undefined) {
      problems.push(`${name}: no proof that the log holds it (${logProofPath(step.seq)} is missing)`);
      continue;
    }
    try {
      const proven = verifyTlogProof(text, { entry: Buffer.from(step.hash, 'hex') }, { origin: verifier.name, logVerifiers: [verifier] });
      if (step.logIndex !== undefined && step.logIndex !== null && step.logIndex !== proven.index) {
        problems.push(`${name}: the proof is for entry ${proven.index}, the steps file says ${step.logIndex}`);
        continue;
      }
      if (previous && proven.index <= previous.index) {
        problems.push(`${name}: its entry ${proven.index} is not after step ${previous.seq}'s entry ${previous.index}: the log does not hold the chain in its order`);
      }
      previous = { seq: step.seq, index: proven.index };
      const root = proven.checkpoint.rootHash.toString('base64');
      const cosigned = witnesses.length ? cosignedBy(parseTlogProof(text).checkpoint, verifier, witnesses) : 0;
      checkpoints.set(`${proven.checkpoint.size} ${root}`, { size: proven.checkpoint.size, root, cosigned });
    } catch (error) {
      problems.push(`${name}: ${why(error)}`);
    }
  }
  // The exchange proves a bundle's steps under one checkpoint. Two are a sign of a log that shows
  // different histories (a split view: two roots for one size are a proof of it); either way the
  // bundle does not show one tree holding every step.
  const sizes = new Map<number, Set<string>>();
  for (const { size, root } of checkpoints.values()) sizes.set(size, (sizes.get(size) ?? new Set()).add(root));
  for (const [size, roots] of sizes) {
    if (roots.size > 1) problems.push(`two checkpoints of the same size ${size} with different roots (${[...roots].join(', ')}): the log showed two different histories`);
  }
  if (checkpoints.size > 1 && !problems.some((problem) => problem.startsWith('two checkpoints'))) {
    problems.push(`the proofs are under ${checkpoints.size} different checkpoints (sizes ${[...sizes.keys()].join(', ')}); a bundle proves every step under one`);
  }
  if (problems.length) return { ok: false, detail: problems.join('; '), logKey };
  const under = [...checkpoints.values()]
    .map((c) => `tree ${c.size} (root ${c.root})${witnesses.length ? `, cosigned by ${c.cosigned} of the bundle's ${witnesses.length} witness(es)` : ''}`)
    .join('; ');
  return { ok: true, detail: `${steps.length} steps, each proven an entry of the log ${verifier.name} under a checkpoint signed by its key: ${under}`, logKey };
}

/** How many of `witnesses` validly cosigned the checkpoint (an invalid cosignature by a listed witness counts as none). */
function cosignedBy(checkpoint: string, log: NoteVerifier, witnesses: readonly NoteVerifier[]): number {
  try {
    return openCheckpoint(checkpoint, { origin: log.name, logVerifiers: [log], witnesses: { verifiers: witnesses, quorum: 0 } }).cosignatures.length;
  } catch {
    return 0;
  }
}

function why(error: unknown): string {
  if (!(error instanceof TlogError)) return error instanceof Error ? error.message : String(error);
  switch (error.code) {
    case 'INCLUSION_PROOF_INVALID':
      return `the proof does not lead from its hash to the root of its checkpoint: it is for another tree or another entry (${error.message})`;
    case 'NOTE_UNVERIFIED':
    case 'NOTE_SIGNATURE_INVALID':
      return `its checkpoint is not signed by the log key (${error.message})`;
    case 'CHECKPOINT_ORIGIN_MISMATCH':
      return `its checkpoint is from another log (${error.message})`;
    default:
      return `unreadable proof (${error.code}: ${error.message})`;
  }
}
