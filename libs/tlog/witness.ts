/**
 * C2SP tlog-witness, both sides of `POST <prefix>/add-checkpoint`, as pure functions so the HTTP
 * process around them stays thin.
 *
 * Request body:
 *
 *     old <size of the last checkpoint the witness cosigned>
 *     <consistency proof, one base64 hash per line, at most 63>
 *     <empty line>
 *     <signed checkpoint>
 *
 * The witness answers 200 with cosignature lines, 400 for a malformed request or an old size
 * above the new one, 404 for an unknown origin, 403 when no trusted log key signed, 409 (with
 * `text/x.tlog.size` and its latest size) when the old size is not the one it cosigned last, 409
 * when a same-size checkpoint has another root, 422 when the proof does not verify. It must
 * persist the new checkpoint before answering, atomically with the old-size check: the caller
 * runs `addCheckpoint` and stores `state` under one lock (or a compare-and-set on the size).
 */
import { type Checkpoint, parseCheckpoint, parseDecimal } from './checkpoint.js';
import { type WitnessKey, cosign } from './cosignature.js';
import { TlogError } from './errors.js';
import { EMPTY_TREE_HASH, type Hash, formatHash, hashesEqual, parseHash } from './hash.js';
import { verifyConsistency } from './merkle.js';
import { type NoteSignature, type NoteVerifier, formatSignatureLine, openNote, parseNote } from './note.js';

export const ADD_CHECKPOINT_PATH = '/add-checkpoint';
export const TLOG_SIZE_CONTENT_TYPE = 'text/x.tlog.size';
export const MAX_PROOF_LINES = 63;

export interface AddCheckpointRequest {
  oldSize: number;
  proof: Hash[];
  /** The signed checkpoint, verbatim. */
  checkpoint: string;
}

/** The request body a log sends to a witness. */
export function formatAddCheckpointRequest(request: AddCheckpointRequest): string {
  if (!Number.isSafeInteger(request.oldSize) || request.oldSize < 0) throw new TlogError('INVALID_ARGUMENT', `old size ${request.oldSize}`);
  if (request.proof.length > MAX_PROOF_LINES) throw new TlogError('INVALID_ARGUMENT', `a consistency proof has at most ${MAX_PROOF_LINES} hashes`);
  return `old ${request.oldSize}\n${request.proof.map((h) => `${formatHash(h)}\n`).join('')}\n${request.checkpoint}`;
}

/** Parses an add-checkpoint request body; throws WITNESS_MESSAGE_MALFORMED. */
export function parseAddCheckpointRequest(body: Uint8Array | string): AddCheckpointRequest {
  const bad = (why: string) => new TlogError('WITNESS_MESSAGE_MALFORMED', `add-checkpoint request: ${why}`);
  let text: string;
  try {
    text = typeof body === 'string' ? body : new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    throw bad('not UTF-8');
  }
  const firstEnd = text.indexOf('\n');
  if (firstEnd < 0 || !text.startsWith('old ')) throw bad('does not start with an "old <size>" line');
  const oldSize = parseDecimal(text.slice(4, firstEnd));
  if (oldSize === undefined) throw bad('the old size is not a canonical decimal');
  const proof: Hash[] = [];
  let at = firstEnd + 1;
  for (;;) {
    const end = text.indexOf('\n', at);
    if (end < 0) throw bad('no empty line before the checkpoint');
    const line = text.slice(at, end);
    at = end + 1;
    if (line === '') break;
    if (proof.length === MAX_PROOF_LINES) throw bad(`more than ${MAX_PROOF_LINES} proof lines`);
    try {
      proof.push(parseHash(line, 'proof hash'));
    } catch {
      throw bad(`proof line ${proof.length + 1} is not canonical base64 of 32 bytes`);
    }
  }
  return { oldSize, proof, checkpoint: text.slice(at) };
}

// --- The witness ------------------------------------------------------------------------------

/** A log the witness follows: its origin and the keys it trusts for it. */
export interface WitnessedLog {
  origin: string;
  verifiers: readonly NoteVerifier[];
}

export interface WitnessConfig {
  /** The witness's key(s); each cosigns every accepted checkpoint. */
  keys: readonly WitnessKey[];
  logs: readonly WitnessedLog[];
}

/** The last checkpoint the witness cosigned for one origin. */
export interface WitnessedCheckpoint {
  size: number;
  rootHash: Hash;
  /** The signed checkpoint as received, kept as evidence. */
  checkpoint: string;
}

/** The witness's whole state: the latest cosigned checkpoint per origin. */
export type WitnessState = ReadonlyMap<string, WitnessedCheckpoint>;

export interface WitnessResponse {
  status: 200 | 400 | 403 | 404 | 409 | 422;
  contentType: string;
  body: string;
}

export interface AddCheckpointOutcome {
  response: WitnessResponse;
  /** The state to persist (the same object when nothing changed). */
  state: WitnessState;
  /** The checkpoint's origin, once known. */
  origin?: string;
  /**
   * A checkpoint correctly signed by the log that is not consistent with what the witness saw
   * (bad proof, or another root at the same size): possible evidence of a split view, worth keeping.
   */
  evidence?: { checkpoint: string; reason: string };
}

const TEXT = 'text/plain; charset=utf-8';
const reply = (status: WitnessResponse['status'], body: string, contentType = TEXT): WitnessResponse => ({ status, contentType, body: `${body}\n` });

/**
 * Handles one add-checkpoint request at time `now` (Unix seconds), following the order of checks
 * the spec gives. Pure apart from the signing calls; the new state comes back in the outcome.
 */
export async function addCheckpoint(config: WitnessConfig, state: WitnessState, body: Uint8Array | string, now: number): Promise<AddCheckpointOutcome> {
  let request: AddCheckpointRequest;
  let checkpoint: Checkpoint;
  try {
    request = parseAddCheckpointRequest(body);
    checkpoint = parseCheckpoint(parseNote(request.checkpoint).text);
  } catch (error) {
    return { response: reply(400, (error as Error).message), state };
  }
  const origin = checkpoint.origin;
  const log = config.logs.find((l) => l.origin === origin);
  if (!log) return { response: reply(404, `unknown log ${origin}`), state, origin };
  try {
    openNote(request.checkpoint, log.verifiers);
  } catch (error) {
    return { response: reply(403, (error as Error).message), state, origin };
  }
  if (request.oldSize > checkpoint.size) {
    return { response: reply(400, `old size ${request.oldSize} is above the checkpoint size ${checkpoint.size}`), state, origin };
  }
  const latest = state.get(origin);
  const knownSize = latest?.size ?? 0;
  if (request.oldSize !== knownSize) return { response: reply(409, String(knownSize), TLOG_SIZE_CONTENT_TYPE), state, origin };

  const evidence = (reason: string) => ({ checkpoint: request.checkpoint, reason });
  if (request.oldSize === 0) {
    if (request.proof.length > 0) return { response: reply(422, 'the proof must be empty when the old size is 0'), state, origin };
    if (checkpoint.size === 0 && !hashesEqual(checkpoint.rootHash, EMPTY_TREE_HASH)) {
      const reason = 'an empty tree must have the empty-tree root';
      return { response: reply(422, reason), state, origin, evidence: evidence(reason) };
    }
  } else if (request.oldSize === checkpoint.size) {
    if (request.proof.length > 0) return { response: reply(422, 'the proof must be empty when the sizes are equal'), state, origin };
    if (!hashesEqual((latest as WitnessedCheckpoint).rootHash, checkpoint.rootHash)) {
      const reason = `root hash differs from the one cosigned at size ${checkpoint.size}`;
      return { response: reply(409, reason), state, origin, evidence: evidence(reason) };
    }
  } else {
    try {
      verifyConsistency(request.oldSize, checkpoint.size, request.proof, (latest as WitnessedCheckpoint).rootHash, checkpoint.rootHash);
    } catch (error) {
      const reason = (error as Error).message;
      return { response: reply(422, reason), state, origin, evidence: evidence(reason) };
    }
  }

  const text = parseNote(request.checkpoint).text;
  const lines: string[] = [];
  for (const key of config.keys) lines.push(formatSignatureLine(await cosign(text, key, now)));
  const next = new Map(state);
  next.set(origin, { size: checkpoint.size, rootHash: checkpoint.rootHash, checkpoint: request.checkpoint });
  return { response: { status: 200, contentType: TEXT, body: lines.join('') }, state: next, origin };
}

// --- The log's side ---------------------------------------------------------------------------

export type AddCheckpointResult =
  | { kind: 'cosigned'; signatures: NoteSignature[] }
  | { kind: 'conflict'; size: number }
  | { kind: 'rejected'; status: number; message: string };

/** Reads a witness's answer to add-checkpoint. */
export function parseAddCheckpointResponse(status: number, contentType: string | undefined, body: string): AddCheckpointResult {
  if (status === 200) {
    if (!body.endsWith('\n') || body.length === 0) throw new TlogError('WITNESS_MESSAGE_MALFORMED', 'add-checkpoint response does not end in a newline');
    // Parse the lines as the signature block of a note.
    try {
      return { kind: 'cosigned', signatures: parseNote(`x\n\n${body}`).signatures };
    } catch (error) {
      throw new TlogError('WITNESS_MESSAGE_MALFORMED', `add-checkpoint response: ${(error as Error).message}`);
    }
  }
  if (status === 409 && contentType === TLOG_SIZE_CONTENT_TYPE) {
    const size = body.endsWith('\n') ? parseDecimal(body.slice(0, -1)) : undefined;
    if (size === undefined) throw new TlogError('WITNESS_MESSAGE_MALFORMED', 'a 409 text/x.tlog.size body must be a decimal and a newline');
    return { kind: 'conflict', size };
  }
  return { kind: 'rejected', status, message: body.trim().slice(0, 500) };
}

/**
 * Adds to a signed checkpoint the cosignatures among `signatures` that verify under
 * `witnessVerifiers` (others are dropped, as the spec asks); throws when a trusted witness's
 * signature is invalid.
 */
export function addCosignatures(signedCheckpoint: string, signatures: readonly NoteSignature[], witnessVerifiers: readonly NoteVerifier[]): string {
  const lines = signatures.map(formatSignatureLine).join('');
  let opened;
  try {
    opened = openNote(signedCheckpoint + lines, witnessVerifiers);
  } catch (error) {
    if (error instanceof TlogError && error.code === 'NOTE_UNVERIFIED') return signedCheckpoint;
    throw error;
  }
  const existing = new Set(parseNote(signedCheckpoint).signatures.map((s) => `${s.name}+${s.keyId}`));
  const fresh = opened.verified.filter((s) => !existing.has(`${s.name}+${s.keyId}`));
  return signedCheckpoint + fresh.map(formatSignatureLine).join('');
}
