/**
 * Time-based one-time passwords (RFC 6238, on HOTP of RFC 4226) for the optional second factor,
 * with the base32 of RFC 4648 that authenticator apps read secrets in, and the Key Uri Format
 * (`otpauth://totp/...`) they scan. node:crypto only.
 *
 * The defaults are what every authenticator app accepts: SHA-1, 6 digits, 30-second steps.
 * SHA-1 is not a weakness here: HOTP uses it as an HMAC over a counter, where collisions do not
 * matter (RFC 4226 Appendix A.4); SHA-256 and SHA-512 are there for the RFC 6238 vectors and
 * for clients that ask for them.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type TotpAlgorithm = 'SHA1' | 'SHA256' | 'SHA512';

export interface TotpOptions {
  /** 6 to 8 (RFC 4226 5.3 asks for at least 6). */
  digits?: number;
  /** Seconds per time step (X in RFC 6238). */
  period?: number;
  algorithm?: TotpAlgorithm;
}

/** RFC 4226 4 R6 asks for at least 128 bits and recommends 160: what SHA-1's block keys best. */
export const TOTP_SECRET_BYTES = 20;

const DEFAULTS: Required<TotpOptions> = { digits: 6, period: 30, algorithm: 'SHA1' };
const HMAC: Record<TotpAlgorithm, string> = { SHA1: 'sha1', SHA256: 'sha256', SHA512: 'sha512' };
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function settings(options: TotpOptions = {}): Required<TotpOptions> {
  const merged = { ...DEFAULTS, ...options };
  if (!Number.isInteger(merged.digits) || merged.digits < 6 || merged.digits > 8) throw new RangeError('digits must be 6, 7 or 8');
  if (!Number.isInteger(merged.period) || merged.period < 1) throw new RangeError('period must be a positive whole number of seconds');
  if (!(merged.algorithm in HMAC)) throw new RangeError(`unknown algorithm ${String(merged.algorithm)}`);
  return merged;
}

/** RFC 4648 section 6 base32, upper case, without the `=` padding (what otpauth URIs carry). */
export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
  return out;
}

/**
 * Reads base32 as people type it from a screen: any case, spaces and hyphens between groups,
 * with or without the trailing `=` padding. Anything else, or a length no encoding produces,
 * throws.
 */
export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s-]/g, '').toUpperCase().replace(/=+$/, '');
  // 1, 3 and 6 characters after the last full group of eight encode no whole byte.
  if ([1, 3, 6].includes(clean.length % 8)) throw new Error('base32: impossible length');
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of clean) {
    const value = BASE32.indexOf(char);
    if (value < 0) throw new Error(`base32: '${char}' is not a base32 character`);
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 255);
      bits -= 8;
    }
    buffer &= (1 << bits) - 1;
  }
  return Buffer.from(out);
}

/** A new shared secret: 160 random bits. */
export function generateTotpSecret(): Buffer {
  return randomBytes(TOTP_SECRET_BYTES);
}

/** RFC 4226 HOTP: the code for one counter value, zero-padded to `digits`. */
export function hotpCode(secret: Uint8Array, counter: number, options: Pick<TotpOptions, 'digits' | 'algorithm'> = {}): string {
  const { digits, algorithm } = settings(options);
  if (!Number.isSafeInteger(counter) || counter < 0) throw new RangeError('counter must be a non-negative safe integer');
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(HMAC[algorithm], secret).update(message).digest();
  // Dynamic truncation (RFC 4226 5.3): four bytes at the offset the last nibble names, top bit cleared.
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The time step (T in RFC 6238) that `unixSeconds` falls in. */
export function totpTimeStep(unixSeconds: number, period = DEFAULTS.period): number {
  return Math.floor(unixSeconds / period);
}

/** RFC 6238 TOTP: the code an authenticator shows at `unixSeconds`. */
export function totpCode(secret: Uint8Array, unixSeconds: number, options: TotpOptions = {}): string {
  const { period, ...rest } = settings(options);
  return hotpCode(secret, totpTimeStep(unixSeconds, period), rest);
}

/**
 * Checks `code` against the steps from `window` before to `window` after the one `unixSeconds`
 * falls in (RFC 6238 5.2: one step either side absorbs clock drift and typing time). Answers
 * the step that matched, so the caller can refuse it and every earlier one from then on (a code
 * is good once), or null. Every candidate is computed and compared in constant time, so the
 * answer takes the same time whichever step matched, or none.
 */
export function verifyTotp(secret: Uint8Array, code: string, unixSeconds: number, options: TotpOptions & { window?: number } = {}): number | null {
  const { window = 1, ...rest } = options;
  const { digits, period, algorithm } = settings(rest);
  if (!Number.isInteger(window) || window < 0 || window > 10) throw new RangeError('window must be 0 to 10 steps');
  if (!/^\d+$/.test(code) || code.length !== digits) return null;
  const given = Buffer.from(code);
  const current = totpTimeStep(unixSeconds, period);
  let matched: number | null = null;
  for (let step = current - window; step <= current + window; step++) {
    if (step < 0) continue;
    const equal = timingSafeEqual(given, Buffer.from(hotpCode(secret, step, { digits, algorithm })));
    if (equal && matched === null) matched = step;
  }
  return matched;
}

/**
 * The Key Uri Format authenticator apps scan
 * (`otpauth://totp/Issuer:account?secret=...&issuer=Issuer&algorithm=SHA1&digits=6&period=30`):
 * the issuer both in the label and as a parameter, as the format recommends, each percent-encoded.
 */
export function otpauthUri(issuer: string, account: string, secret: Uint8Array, options: TotpOptions = {}): string {
  const { digits, period, algorithm } = settings(options);
  if (issuer.includes(':') || account.includes(':')) throw new Error('otpauth: neither the issuer nor the account may contain a colon');
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const query = [`secret=${base32Encode(secret)}`, `issuer=${encodeURIComponent(issuer)}`, `algorithm=${algorithm}`, `digits=${digits}`, `period=${period}`].join('&');
  return `otpauth://totp/${label}?${query}`;
}
