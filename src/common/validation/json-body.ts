import secureJson from 'secure-json-parse';
import { ApiError } from '../errors/api-error.js';

/** Objects and arrays inside one another; no request of this API needs more than a handful. */
export const JSON_MAX_DEPTH = 64;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The one JSON parser of the API, run by fastify before anything else sees the body: UTF-8
 * only, at most JSON_MAX_DEPTH levels (class-transformer and class-validator recurse and
 * overflow the stack around 10,000), and no `__proto__` or `constructor.prototype` members
 * that could reach an object's prototype once copied. Every refusal is a 400 problem.
 */
export function parseJsonBody(body: Buffer | string): unknown {
  let text: string;
  try {
    text = typeof body === 'string' ? body : utf8.decode(body);
  } catch {
    throw new ApiError('MALFORMED_REQUEST', 'The request body is not valid UTF-8.');
  }
  if (text.trim() === '') throw new ApiError('MALFORMED_REQUEST', 'The request body is empty: send a JSON object.');
  if (nestingExceeds(text, JSON_MAX_DEPTH)) {
    throw new ApiError('MALFORMED_REQUEST', `The request body nests objects and arrays more than ${JSON_MAX_DEPTH} levels deep.`);
  }
  let parsed: unknown;
  try {
    parsed = secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (error) {
    if (error instanceof SyntaxError && /prototype/.test(error.message)) {
      throw new ApiError('MALFORMED_REQUEST', 'The request body may not have members named __proto__, or constructor with a prototype member.');
    }
    throw new ApiError('MALFORMED_REQUEST', 'The request body is not valid JSON.');
  }
  // JSON.parse makes 1e999 Infinity: no field takes it, and the idempotency fingerprint and the
  // signed intents (RFC 8785) cannot represent it.
  const overflow = nonFiniteAt(parsed, '');
  if (overflow !== undefined) {
    throw new ApiError('MALFORMED_REQUEST', `The request body has a number too large for a 64-bit float at ${overflow || 'its top level'}: send a finite number.`);
  }
  return parsed;
}

/** The path (`a.b[2]`) of the first number that parsed to ±Infinity, if any; depth is already bounded. */
function nonFiniteAt(value: unknown, path: string): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nonFiniteAt(value[i], `${path}[${i}]`);
      if (found !== undefined) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, member] of Object.entries(value)) {
      const found = nonFiniteAt(member, path ? `${path}.${key}` : key);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/**
 * Scans the text once, before parsing, and stops at the first level too deep: a megabyte of
 * `[` is refused after 65 characters instead of being parsed into a 500 later.
 */
function nestingExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth--;
    }
  }
  return false;
}
