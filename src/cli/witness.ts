/**
 * `evx witness`: a C2SP tlog-witness for the exchange's log (or any log speaking C2SP), as its
 * own small process: node:http and libs/tlog, no Nest, no database. It answers
 * `POST /add-checkpoint` with libs/tlog's addCheckpoint: checks the log's signature and the
 * consistency proof from the last checkpoint it cosigned, cosigns (cosignature/v1, Ed25519) and
 * keeps the new checkpoint in its state file before answering. Requests are handled one at a
 * time, so the old-size check and the write are one step.
 *
 * Its key (Ed25519, PKCS#8) and name live in a key file made on first run with mode 0600; its
 * state (the last checkpoint per origin) in a state file written atomically (temporary file,
 * fsync, rename). Checkpoints that are signed by the log but contradict what it saw (a fork) are
 * appended to `<state file>.evidence`.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { appendFileSync, closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import {
  ADD_CHECKPOINT_PATH,
  SIGNATURE_TYPE_COSIGNATURE_V1,
  SIGNATURE_TYPE_ED25519,
  addCheckpoint,
  formatVerifierKey,
  isValidKeyName,
  parseHash,
  parseVerifierKey,
  rawEd25519PublicKey,
  type WitnessConfig,
  type WitnessState,
  type WitnessedCheckpoint,
} from '../../libs/tlog/index.js';

/** A request body larger than this is refused (a checkpoint with 100 signatures and 63 proof lines is ~12 KB). */
const MAX_BODY = 64 * 1024;
/** How long a client may take to send its headers and body. */
const BODY_TIMEOUT_MS = 10_000;

export interface WitnessOptions {
  host: string;
  port: number;
  keyFile: string;
  stateFile: string;
  /** The witness's key name; used when the key file is made, checked against it afterwards. */
  name?: string;
  /** Verifier keys of the logs it witnesses; each log's origin is its key's name. */
  logs: readonly string[];
  /** Unix seconds; the system clock by default. */
  now?: () => number;
}

export interface RunningWitness {
  url: string;
  /** `<name>+<key ID>+<base64(0x04 || public key)>`: what a log lists in LOG_WITNESSES. */
  verifierKey: string;
  server: Server;
  close(): Promise<void>;
}

interface KeyFile {
  name: string;
  privateKey: string;
}

/** The witness key: read from `path`, or made there (mode 0600) on first run. */
export function loadOrCreateWitnessKey(path: string, name?: string): { name: string; privateKey: KeyObject; publicKey: Buffer } {
  if (!existsSync(path)) {
    const keyName = name ?? `${hostname()}/evx-witness`;
    if (!isValidKeyName(keyName)) throw new Error(`witness name ${JSON.stringify(keyName)} must have no space and no plus sign`);
    const { privateKey } = generateKeyPairSync('ed25519');
    const file: KeyFile = { name: keyName, privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string };
    writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  }
  if ((statSync(path).mode & 0o077) !== 0) throw new Error(`${path} holds the witness's private key: make it readable by its owner only (chmod 600)`);
  const file = JSON.parse(readFileSync(path, 'utf8')) as KeyFile;
  if (name !== undefined && name !== file.name) throw new Error(`${path} holds the key of witness ${file.name}, not ${name}`);
  const privateKey = createPrivateKey(file.privateKey);
  return { name: file.name, privateKey, publicKey: rawEd25519PublicKey(createPublicKey(privateKey)) };
}

interface StoredState {
  [origin: string]: { size: number; rootHash: string; checkpoint: string };
}

function readState(path: string): WitnessState {
  if (!existsSync(path)) return new Map();
  const stored = JSON.parse(readFileSync(path, 'utf8')) as StoredState;
  return new Map(Object.entries(stored).map(([origin, c]) => [origin, { size: c.size, rootHash: parseHash(c.rootHash), checkpoint: c.checkpoint } satisfies WitnessedCheckpoint]));
}

/** Writes the state whole or not at all, and durably, before the witness answers. */
function writeState(path: string, state: WitnessState): void {
  const stored: StoredState = {};
  for (const [origin, c] of state) stored[origin] = { size: c.size, rootHash: c.rootHash.toString('base64'), checkpoint: c.checkpoint };
  const partial = `${path}.${process.pid}.tmp`;
  const fd = openSync(partial, 'w', 0o600);
  try {
    writeFileSync(fd, `${JSON.stringify(stored, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(partial, path);
  const dir = openSync(dirname(path), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

/**
 * Reads a request's body, at most MAX_BODY bytes within BODY_TIMEOUT_MS; null when it is larger,
 * 'timeout' when the client is too slow. Read before the request joins the queue, so a client
 * that sends its body slowly (or never) delays nobody else.
 */
function readBody(request: IncomingMessage): Promise<Buffer | null | 'timeout'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => {
      resolve('timeout');
      request.destroy();
    }, BODY_TIMEOUT_MS);
    request.on('close', () => clearTimeout(timer));
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        resolve(null);
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** Starts the witness; resolves once it listens. */
export async function startWitness(options: WitnessOptions): Promise<RunningWitness> {
  const logs = options.logs.map((vkey) => {
    const verifier = parseVerifierKey(vkey);
    if (verifier.type !== SIGNATURE_TYPE_ED25519) throw new Error(`${verifier.name}: a log's key is an Ed25519 note key (type 0x01), not a witness key`);
    return { origin: verifier.name, verifiers: [verifier] };
  });
  if (logs.length === 0) throw new Error('a witness needs at least one log (--log <verifier key>)');
  const key = loadOrCreateWitnessKey(options.keyFile, options.name);
  const verifierKey = formatVerifierKey({ name: key.name, type: SIGNATURE_TYPE_COSIGNATURE_V1, publicKey: key.publicKey });
  const config: WitnessConfig = {
    keys: [{ name: key.name, publicKey: key.publicKey, sign: async (message) => sign(null, message, key.privateKey) }],
    logs,
  };
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  let state = readState(options.stateFile);
  // One request at a time: the old-size check, the cosignature and the write of the state.
  let queue: Promise<unknown> = Promise.resolve();

  const server = createServer((request, response) => {
    const answer = (status: number, body: string, contentType = 'text/plain; charset=utf-8') => {
      response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body);
    };
    const path = (request.url ?? '').split('?')[0];
    if (path !== ADD_CHECKPOINT_PATH) return answer(404, 'not found\n');
    if (request.method !== 'POST') return answer(405, 'POST only\n');
    void readBody(request).then(
      (body) => {
        if (body === 'timeout') return answer(408, 'request body too slow\n');
        if (body === null) return answer(413, 'request too large\n');
        queue = queue.then(() => add(body)).catch((error: unknown) => {
          if (!response.headersSent) answer(500, `${error instanceof Error ? error.message : String(error)}\n`);
        });
      },
      () => undefined, // the client went away
    );

    async function add(body: Buffer) {
      const outcome = await addCheckpoint(config, state, body, now());
      if (outcome.evidence) {
        appendFileSync(`${options.stateFile}.evidence`, `${JSON.stringify({ at: new Date().toISOString(), origin: outcome.origin, ...outcome.evidence })}\n`, { mode: 0o600 });
      }
      if (outcome.state !== state) {
        writeState(options.stateFile, outcome.state);
        state = outcome.state;
      }
      answer(outcome.response.status, outcome.response.body, outcome.response.contentType);
    }
  });
  // Short limits: a witness hears from a few logs, each sending a small body at once.
  server.headersTimeout = BODY_TIMEOUT_MS;
  server.requestTimeout = BODY_TIMEOUT_MS * 2;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
    verifierKey,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export const WITNESS_USAGE =
  'usage: evx witness --log <log verifier key> [--log ...] [--listen 127.0.0.1:7380] [--key-file witness-key.json] [--state-file witness-state.json] [--name <witness name>]';

/** `evx witness ...`: runs until SIGINT or SIGTERM. */
export async function witnessCommand(args: readonly string[], out: (text: string) => void): Promise<number> {
  const values = new Map<string, string[]>();
  for (let i = 0; i < args.length; i += 2) {
    const flag = args[i];
    const value = args[i + 1];
    if (!['--log', '--listen', '--key-file', '--state-file', '--name'].includes(flag) || value === undefined) {
      out(`${WITNESS_USAGE}\n`);
      return 2;
    }
    values.set(flag, [...(values.get(flag) ?? []), value]);
  }
  const listen = values.get('--listen')?.at(-1) ?? '127.0.0.1:7380';
  const at = listen.lastIndexOf(':');
  const port = Number(listen.slice(at + 1));
  if (at < 0 || !Number.isInteger(port) || port < 0 || port > 65535 || !values.get('--log')?.length) {
    out(`${WITNESS_USAGE}\n`);
    return 2;
  }
  let witness: RunningWitness;
  try {
    witness = await startWitness({
      host: listen.slice(0, at).replace(/^\[|\]$/g, ''),
      port,
      keyFile: values.get('--key-file')?.at(-1) ?? 'witness-key.json',
      stateFile: values.get('--state-file')?.at(-1) ?? 'witness-state.json',
      name: values.get('--name')?.at(-1),
      logs: values.get('--log')!,
    });
  } catch (error) {
    out(`evx witness: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  out(`evx witness listening on ${witness.url}${ADD_CHECKPOINT_PATH}\nwitness verifier key (for LOG_WITNESSES): ${witness.verifierKey}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await witness.close();
  return 0;
}
