/**
 * RFC 8785 JSON Canonicalization Scheme through `json-canonicalize` (measured here to give the
 * same bytes as `canonicalize` and `@truestamp/canonify` on the RFC vectors, and to throw on
 * NaN and Infinity as the RFC requires). Sign and store these exact bytes: PostgreSQL jsonb
 * reorders keys.
 */
import { canonicalize } from 'json-canonicalize';
import { PkiError } from './errors.js';

/** The canonical UTF-8 bytes of `value`. Throws PkiError CANONICAL_JSON_INVALID for what JSON cannot hold. */
export function canonicalJson(value: unknown): Buffer {
  return Buffer.from(canonicalJsonString(value), 'utf8');
}

export function canonicalJsonString(value: unknown): string {
  // JSON.stringify semantics would turn these into "undefined" (not JSON) at the top level.
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') {
    throw new PkiError('CANONICAL_JSON_INVALID', `a ${typeof value} has no JSON form`);
  }
  try {
    return canonicalize(value);
  } catch (error) {
    throw new PkiError('CANONICAL_JSON_INVALID', error instanceof Error ? error.message : 'value cannot be canonicalised');
  }
}
