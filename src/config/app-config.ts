import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';
import { resolve } from 'node:path';
import { SIGNATURE_TYPE_COSIGNATURE_V1, parseVerifierKey } from '../../libs/tlog/index.js';

const toBoolean = ({ value }: { value: unknown }): unknown => {
  if (value === undefined || value === '') return undefined;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return value; // left as is so validation names the bad setting
};
const toInt = ({ value }: { value: unknown }): unknown =>
  value === undefined || value === '' ? undefined : /^-?\d+$/.test(String(value)) ? Number(value) : value;

/**
 * The environment as the app reads it: every setting the product has, validated once at boot.
 * Nothing outside `src/config` reads `process.env`.
 */
class Environment {
  @IsOptional() @IsIn(['development', 'production', 'test'])
  NODE_ENV?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT?: number;

  @IsOptional() @IsString() @MinLength(1)
  HOST?: string;

  @IsOptional() @IsString() @MinLength(1)
  DATA_DIR?: string;

  @IsOptional() @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsOptional() @Transform(toBoolean) @IsBoolean({ message: 'SEED_DEMO must be true or false' })
  SEED_DEMO?: boolean;

  @IsOptional() @IsString() @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(60) @Max(3600)
  JWT_TTL_SECONDS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(60) @Max(7 * 86_400)
  SESSION_MAX_SECONDS?: number;

  @IsOptional() @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'KEY_ENCRYPTION_KEY must be 32 bytes in base64 (openssl rand -base64 32)' })
  KEY_ENCRYPTION_KEY?: string;

  @IsOptional() @IsString() @Matches(/^https?:\/\/\S+$/, { message: 'PUBLIC_URL must be an http(s) URL' })
  PUBLIC_URL?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(10_000)
  LOGIN_RATE_LIMIT?: number;

  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  @IsOptional() @Transform(toBoolean) @IsBoolean({ message: 'TRUST_PROXY must be true or false' })
  TRUST_PROXY?: boolean;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1)
  EVIDENCE_MAX_BYTES?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1)
  EVIDENCE_MAX_ORDER_BYTES?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(86_400_000)
  ORDER_CLOCK_INTERVAL_MS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(64)
  DOCUMENT_RENDER_THREADS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(19)
  DOCUMENT_RENDER_NICE?: number;

  @IsOptional() @Transform(toBoolean) @IsBoolean({ message: 'WEBHOOK_ALLOW_PRIVATE_NETWORKS must be true or false' })
  WEBHOOK_ALLOW_PRIVATE_NETWORKS?: boolean;

  @IsOptional() @Matches(/^\d+(ms|s|m|h|d)(,\d+(ms|s|m|h|d))*$/, { message: 'WEBHOOK_RETRY_DELAYS must be a comma-separated list of durations such as 5s,5m,30m,2h' })
  WEBHOOK_RETRY_DELAYS?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(100) @Max(60_000)
  WEBHOOK_TIMEOUT_MS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(100) @Max(300_000)
  EVENT_STREAM_KEEP_ALIVE_MS?: number;

  @IsOptional() @Transform(toBoolean) @IsBoolean({ message: 'DEMO_CLOCK must be true or false' })
  DEMO_CLOCK?: boolean;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(60_000)
  LOG_SEQUENCE_INTERVAL_MS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1_000) @Max(86_400_000)
  STAY_DOWN_RELOAD_MS?: number;

  @IsOptional() @IsString()
  LOG_WITNESSES?: string;

  @IsOptional() @IsIn(['filesystem', 's3'])
  BLOB_STORE?: string;

  @IsOptional() @IsString() @MinLength(3)
  S3_BUCKET?: string;

  @IsOptional() @IsString() @MinLength(1)
  S3_REGION?: string;

  @IsOptional() @IsString() @Matches(/^https?:\/\/\S+$/, { message: 'S3_ENDPOINT must be an http(s) URL' })
  S3_ENDPOINT?: string;

  @IsOptional() @Transform(toBoolean) @IsBoolean({ message: 'S3_FORCE_PATH_STYLE must be true or false' })
  S3_FORCE_PATH_STYLE?: boolean;

  @IsOptional() @IsString()
  S3_PREFIX?: string;

  @IsOptional() @IsString() @MinLength(1)
  S3_ACCESS_KEY_ID?: string;

  @IsOptional() @IsString() @MinLength(1)
  S3_SECRET_ACCESS_KEY?: string;
}

/** A witness of the transparency log: its cosignature/v1 verifier key and its add-checkpoint URL prefix. */
export interface LogWitness {
  verifierKey: string;
  url: string;
}

/**
 * LOG_WITNESSES: `<witness verifier key>=<url>` items separated by commas or white space. A
 * cosignature key is 33 bytes in base64, which never ends in '=', so the first '=' splits.
 */
export function parseLogWitnesses(text: string | undefined): { witnesses: LogWitness[]; problems: string[] } {
  const witnesses: LogWitness[] = [];
  const problems: string[] = [];
  for (const item of (text ?? '').split(/[\s,]+/).filter(Boolean)) {
    const at = item.indexOf('=');
    const verifierKey = at < 0 ? item : item.slice(0, at);
    const url = at < 0 ? '' : item.slice(at + 1);
    try {
      if (parseVerifierKey(verifierKey).type !== SIGNATURE_TYPE_COSIGNATURE_V1) throw new Error('is not a cosignature/v1 (witness) key');
    } catch (error) {
      problems.push(`LOG_WITNESSES: ${verifierKey.slice(0, 80)} ${(error as Error).message.replace(/^verifier key "[^"]*": /, '')}`);
      continue;
    }
    if (!/^https?:\/\/\S+$/.test(url)) {
      problems.push(`LOG_WITNESSES: ${verifierKey.split('+')[0]} needs an http(s) URL after '=' (<witness verifier key>=<url>)`);
      continue;
    }
    if (witnesses.some((w) => w.verifierKey === verifierKey)) {
      problems.push(`LOG_WITNESSES: ${verifierKey.split('+')[0]} is listed twice`);
      continue;
    }
    witnesses.push({ verifierKey, url: url.replace(/\/+$/, '') });
  }
  return { witnesses, problems };
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** The typed configuration every other part of the app receives (token `AppConfig`). */
export class AppConfig {
  readonly nodeEnv!: 'development' | 'production' | 'test';
  readonly port!: number;
  readonly host!: string;
  /** Embedded database, generated secrets and local files live here. */
  readonly dataDir!: string;
  /** Set: a PostgreSQL server. Unset: embedded PostgreSQL (PGlite) in `dataDir`. */
  readonly databaseUrl?: string;
  readonly seedDemo?: boolean;
  /** Unset in embedded mode: generated once into `dataDir` (see local-secrets.ts). */
  readonly jwtSecret?: string;
  readonly jwtTtlSeconds!: number;
  /** How long after a sign-in its tokens may still be renewed (`POST /auth/refresh`): then sign in again. */
  readonly sessionMaxSeconds!: number;
  /** 32 bytes that wrap every private key at rest. Unset in embedded mode: generated into `dataDir`. */
  readonly keyEncryptionKey?: Buffer;
  /** Where clients reach the API, written into certificates (CRL distribution point). */
  readonly publicUrl!: string;
  /** Login attempts per minute for one e-mail address from one client address. */
  readonly loginRateLimit!: number;
  readonly logLevel!: LogLevel;
  readonly trustProxy!: boolean;
  /** Largest evidence file accepted in one upload (default 1 GiB). */
  readonly evidenceMaxBytes!: number;
  /** All the evidence of one order together (default 50 GiB). */
  readonly evidenceMaxOrderBytes!: number;
  /** How often the exchange looks for orders whose clock ran out (0: never, tests drive it). */
  readonly orderClockIntervalMs!: number;
  /** Worker threads that render PDFs (unset: the cores but one, at least one). */
  readonly documentRenderThreads?: number;
  /** How much lower than the event loop the render threads run, in nice steps (Linux; 0: the same). */
  readonly documentRenderNice!: number;
  /** Webhooks may go to plain http and to loopback or private addresses (trials and tests only). */
  readonly webhookAllowPrivateNetworks!: boolean;
  /** Delays between delivery attempts; after the last, the delivery FAILED. */
  readonly webhookRetryDelaysMs!: readonly number[];
  /** How long a receiver has to answer one attempt. */
  readonly webhookTimeoutMs!: number;
  /** How often an open event stream sends a comment line, so proxies keep a quiet stream open. */
  readonly eventStreamKeepAliveMs!: number;
  /** The operator may move the exchange's time forward (demos, trials, tests); never in production. */
  readonly demoClock!: boolean;
  /** How often the transparency log's sequencer looks for new steps (0: only when asked, tests drive it). */
  readonly logSequenceIntervalMs!: number;
  /** How often each instance reads the whole stay-down list again (a safety net beside its change log). */
  readonly stayDownReloadMs!: number;
  /** The witnesses each new checkpoint is sent to (C2SP tlog-witness), by cosignature verifier key. */
  readonly logWitnesses!: readonly LogWitness[];
  /** Where evidence and documents live: DATA_DIR/blobs, or an S3-compatible bucket. */
  readonly blobStore!: { kind: 'filesystem' } | { kind: 's3'; bucket: string; region: string; endpoint?: string; forcePathStyle: boolean; prefix: string; credentials?: { accessKeyId: string; secretAccessKey: string } };

  get embedded(): boolean {
    return this.databaseUrl === undefined;
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** Validates the environment and returns the typed configuration, or throws naming each bad setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw = plainToInstance(Environment, { ...env }, { excludeExtraneousValues: false });
  const errors = validateSync(raw, { whitelist: false, forbidUnknownValues: false });
  const problems = errors.flatMap((error) =>
    Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith(error.property) ? message : `${error.property}: ${message}`,
    ),
  );
  if (raw.DATABASE_URL && !raw.JWT_SECRET) {
    problems.push('JWT_SECRET is required with DATABASE_URL (every instance must share it)');
  }
  if (raw.DATABASE_URL && !raw.KEY_ENCRYPTION_KEY) {
    problems.push('KEY_ENCRYPTION_KEY is required with DATABASE_URL (it decrypts the keys stored in the database)');
  }
  if (raw.SESSION_MAX_SECONDS !== undefined && typeof raw.SESSION_MAX_SECONDS === 'number' && raw.SESSION_MAX_SECONDS < (raw.JWT_TTL_SECONDS ?? 900)) {
    problems.push('SESSION_MAX_SECONDS must be at least JWT_TTL_SECONDS: a session cannot end before its first token');
  }
  if (raw.BLOB_STORE === 's3' && !raw.S3_BUCKET) problems.push('S3_BUCKET is required with BLOB_STORE=s3');
  if ((raw.S3_ACCESS_KEY_ID === undefined) !== (raw.S3_SECRET_ACCESS_KEY === undefined)) problems.push('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together (or neither: the AWS default credential chain)');
  if (raw.DEMO_CLOCK && raw.NODE_ENV === 'production') problems.push('DEMO_CLOCK must not be set with NODE_ENV=production: it lets the operator move every deadline');
  const logWitnesses = parseLogWitnesses(raw.LOG_WITNESSES);
  problems.push(...logWitnesses.problems);
  if (problems.length > 0) throw new ConfigError(problems);

  return Object.assign(new AppConfig(), {
    nodeEnv: (raw.NODE_ENV ?? 'development') as AppConfig['nodeEnv'],
    port: raw.PORT ?? 3000,
    host: raw.HOST ?? '0.0.0.0',
    dataDir: resolve(raw.DATA_DIR ?? './data'),
    databaseUrl: raw.DATABASE_URL,
    seedDemo: raw.SEED_DEMO,
    jwtSecret: raw.JWT_SECRET,
    jwtTtlSeconds: raw.JWT_TTL_SECONDS ?? 900,
    sessionMaxSeconds: raw.SESSION_MAX_SECONDS ?? 12 * 3600,
    keyEncryptionKey: raw.KEY_ENCRYPTION_KEY ? Buffer.from(raw.KEY_ENCRYPTION_KEY, 'base64') : undefined,
    publicUrl: (raw.PUBLIC_URL ?? `http://localhost:${raw.PORT ?? 3000}`).replace(/\/$/, ''),
    loginRateLimit: raw.LOGIN_RATE_LIMIT ?? 10,
    logLevel: (raw.LOG_LEVEL ?? 'info') as LogLevel,
    trustProxy: raw.TRUST_PROXY ?? false,
    evidenceMaxBytes: raw.EVIDENCE_MAX_BYTES ?? 1024 ** 3,
    evidenceMaxOrderBytes: raw.EVIDENCE_MAX_ORDER_BYTES ?? 50 * 1024 ** 3,
    orderClockIntervalMs: raw.ORDER_CLOCK_INTERVAL_MS ?? 5_000,
    documentRenderThreads: raw.DOCUMENT_RENDER_THREADS,
    // Renders yield to the event loop on a busy machine (pdf-renderer.ts says why and what it costs).
    documentRenderNice: raw.DOCUMENT_RENDER_NICE ?? 10,
    webhookAllowPrivateNetworks: raw.WEBHOOK_ALLOW_PRIVATE_NETWORKS ?? false,
    webhookRetryDelaysMs: (raw.WEBHOOK_RETRY_DELAYS ?? '5s,5m,30m,2h,5h,10h,10h').split(',').map(parseDuration),
    webhookTimeoutMs: raw.WEBHOOK_TIMEOUT_MS ?? 10_000,
    eventStreamKeepAliveMs: raw.EVENT_STREAM_KEEP_ALIVE_MS ?? 25_000,
    demoClock: raw.DEMO_CLOCK ?? false,
    logSequenceIntervalMs: raw.LOG_SEQUENCE_INTERVAL_MS ?? 250,
    stayDownReloadMs: raw.STAY_DOWN_RELOAD_MS ?? 600_000,
    logWitnesses: logWitnesses.witnesses,
    blobStore:
      raw.BLOB_STORE === 's3'
        ? {
            kind: 's3' as const,
            bucket: raw.S3_BUCKET!,
            region: raw.S3_REGION ?? 'us-east-1',
            ...(raw.S3_ENDPOINT ? { endpoint: raw.S3_ENDPOINT } : {}),
            forcePathStyle: raw.S3_FORCE_PATH_STYLE ?? false,
            prefix: raw.S3_PREFIX ?? '',
            ...(raw.S3_ACCESS_KEY_ID ? { credentials: { accessKeyId: raw.S3_ACCESS_KEY_ID, secretAccessKey: raw.S3_SECRET_ACCESS_KEY! } } : {}),
          }
        : { kind: 'filesystem' as const },
  });
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `5s`, `30m`, `2h` → milliseconds (the format was checked with the setting). */
function parseDuration(text: string): number {
  const [, amount, unit] = /^(\d+)(ms|s|m|h|d)$/.exec(text)!;
  return Number(amount) * UNIT_MS[unit];
}
