/**
 * C2SP tlog-checkpoint: the note text a log signs for each tree head.
 *
 *     <origin>
 *     <tree size, decimal>
 *     <root hash, base64>
 *     [extension lines]
 *
 * Opening a checkpoint checks the note, its origin and the log's signature, and optionally a
 * quorum of witness cosignatures.
 */
import { TlogError } from './errors.js';
import { type Hash, formatHash, parseHash } from './hash.js';
import { type NoteSignature, type NoteSigner, type NoteVerifier, type OpenedNote, SIGNATURE_TYPE_COSIGNATURE_V1, checkNoteText, openNote, signNote } from './note.js';

export interface Checkpoint {
  origin: string;
  size: number;
  rootHash: Hash;
  /** Opaque extension lines (not recommended by the spec; none by default). */
  extensions?: readonly string[];
}

const DECIMAL = /^(0|[1-9][0-9]*)$/;

/** Parses a canonical decimal (no sign, no leading zero) into a safe integer. */
export function parseDecimal(text: string): number | undefined {
  if (!DECIMAL.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** The note text of a checkpoint. */
export function formatCheckpoint(checkpoint: Checkpoint): string {
  const bad = (why: string) => new TlogError('CHECKPOINT_MALFORMED', why);
  if (checkpoint.origin.length === 0 || checkpoint.origin.includes('\n')) throw bad('the origin must be one non-empty line');
  if (!Number.isSafeInteger(checkpoint.size) || checkpoint.size < 0) throw bad(`tree size ${checkpoint.size} is not a non-negative integer`);
  if (checkpoint.rootHash.length !== 32) throw bad('the root hash is not 32 bytes');
  for (const line of checkpoint.extensions ?? []) if (line.length === 0 || line.includes('\n')) throw bad('an extension line must be one non-empty line');
  const text = [checkpoint.origin, String(checkpoint.size), formatHash(checkpoint.rootHash), ...(checkpoint.extensions ?? [])].join('\n') + '\n';
  checkNoteText(text);
  return text;
}

/** Parses a checkpoint's note text (without signatures). */
export function parseCheckpoint(text: string): Checkpoint {
  const bad = (why: string) => new TlogError('CHECKPOINT_MALFORMED', `checkpoint: ${why}`);
  if (!text.endsWith('\n')) throw bad('does not end in a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw bad('needs an origin, a tree size and a root hash');
  const [origin, sizeLine, rootLine, ...extensions] = lines;
  if (origin.length === 0) throw bad('empty origin');
  const size = parseDecimal(sizeLine);
  if (size === undefined) throw bad(`tree size ${JSON.stringify(sizeLine.slice(0, 40))} is not a canonical decimal`);
  let rootHash: Hash;
  try {
    rootHash = parseHash(rootLine, 'root hash');
  } catch {
    throw bad('root hash is not canonical base64 of 32 bytes');
  }
  if (extensions.some((line) => line.length === 0)) throw bad('empty extension line');
  return extensions.length > 0 ? { origin, size, rootHash, extensions } : { origin, size, rootHash };
}

/** Signs a checkpoint with the log's signer(s); returns the signed note. */
export async function signCheckpoint(checkpoint: Checkpoint, signers: readonly NoteSigner[]): Promise<string> {
  return signNote(formatCheckpoint(checkpoint), signers);
}

export interface WitnessPolicy {
  /** Cosignature verifiers of the witnesses trusted for this log. */
  verifiers: readonly NoteVerifier[];
  /** How many distinct trusted witnesses must have cosigned. */
  quorum: number;
}

export interface OpenedCheckpoint {
  checkpoint: Checkpoint;
  note: OpenedNote;
  /** Signatures by the log key(s). */
  logSignatures: NoteSignature[];
  /** Valid cosignatures by trusted witnesses, one per witness. */
  cosignatures: NoteSignature[];
}

/**
 * Opens a signed checkpoint: the note must parse, its origin must be `origin`, one of the
 * `logVerifiers` must have signed it, and (with `witnesses`) enough trusted witnesses must have
 * cosigned it. Any signature by a known key that fails rejects the checkpoint.
 */
export function openCheckpoint(
  signed: Uint8Array | string,
  options: { origin: string; logVerifiers: readonly NoteVerifier[]; witnesses?: WitnessPolicy },
): OpenedCheckpoint {
  const witnessVerifiers = options.witnesses?.verifiers ?? [];
  let note: OpenedNote;
  try {
    note = openNote(signed, [...options.logVerifiers, ...witnessVerifiers]);
  } catch (error) {
    if (error instanceof TlogError && error.code === 'NOTE_UNVERIFIED') throw new TlogError('NOTE_UNVERIFIED', 'checkpoint has no signature by the log key');
    throw error;
  }
  const checkpoint = parseCheckpoint(note.text);
  if (checkpoint.origin !== options.origin) {
    throw new TlogError('CHECKPOINT_ORIGIN_MISMATCH', `checkpoint is from ${JSON.stringify(checkpoint.origin)}, expected ${JSON.stringify(options.origin)}`);
  }
  const logSignatures = note.verified.filter((s) => options.logVerifiers.includes(s.verifier));
  if (logSignatures.length === 0) throw new TlogError('NOTE_UNVERIFIED', 'checkpoint has no signature by the log key');
  const cosignatures = note.verified.filter((s) => witnessVerifiers.includes(s.verifier) && s.verifier.type === SIGNATURE_TYPE_COSIGNATURE_V1);
  if (options.witnesses && cosignatures.length < options.witnesses.quorum) {
    throw new TlogError('WITNESS_QUORUM_NOT_MET', `checkpoint has ${cosignatures.length} valid witness cosignature(s), the policy needs ${options.witnesses.quorum}`);
  }
  return { checkpoint, note, logSignatures, cosignatures };
}
