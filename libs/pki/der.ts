/**
 * A small DER codec: writers for the handful of ASN.1 types X.509, CMS and RFC 3161 use, and a
 * reader that hands back byte ranges so signatures can be checked over the exact bytes received.
 *
 * Why not asn1js/pkijs: measured here, `asn1js.fromBER` parses a 1 KB CMS at ~1,200/s and pkijs
 * turns it into a SignedData at ~270/s (3.7 ms of event loop each), against ~17,000 P-256
 * verifications/s natively. This reader does the same walk in microseconds. It reads DER and the
 * BER indefinite lengths some CMS producers emit; tags are single-byte (all X.509/CMS tags are).
 */
import { PkiError } from './errors.js';

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  ENUMERATED: 0x0a,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  TELETEX_STRING: 0x14,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  UNIVERSAL_STRING: 0x1c,
  BMP_STRING: 0x1e,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

// ---------------------------------------------------------------- writing

/** One TLV: `tag`, the DER length of the parts, then the parts. */
export function tlv(tag: number, ...parts: Uint8Array[]): Buffer {
  let length = 0;
  for (const part of parts) length += part.length;
  const lengthOctets = length < 0x80 ? 0 : length < 0x100 ? 1 : length < 0x10000 ? 2 : length < 0x1000000 ? 3 : 4;
  const headerLength = 2 + lengthOctets;
  const out = Buffer.allocUnsafe(headerLength + length);
  out[0] = tag;
  if (lengthOctets === 0) {
    out[1] = length;
  } else {
    out[1] = 0x80 | lengthOctets;
    for (let i = headerLength - 1, n = length; i >= 2; i--, n = Math.floor(n / 256)) out[i] = n % 256;
  }
  let offset = headerLength;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export const sequence = (...items: Uint8Array[]): Buffer => tlv(TAG.SEQUENCE, ...items);

/** SET OF: DER orders the elements by their encodings (X.690 11.6). */
export const setOf = (items: readonly Uint8Array[]): Buffer => tlv(TAG.SET, ...[...items].sort(Buffer.compare));

/** A constructed context-specific tag `[n]`: EXPLICIT tagging, or IMPLICIT over a SEQUENCE/SET. */
export const explicit = (n: number, ...inner: Uint8Array[]): Buffer => tlv(0xa0 | n, ...inner);

/** `[n] IMPLICIT` over a primitive type: `content` is the value bytes of that type. */
export const implicitPrimitive = (n: number, content: Uint8Array): Buffer => tlv(0x80 | n, content);

export const NULL = Buffer.from([TAG.NULL, 0]);

export const boolean = (value: boolean): Buffer => Buffer.from([TAG.BOOLEAN, 1, value ? 0xff : 0]);

export const octetString = (bytes: Uint8Array): Buffer => tlv(TAG.OCTET_STRING, bytes);

export const bitString = (bytes: Uint8Array, unusedBits = 0): Buffer => tlv(TAG.BIT_STRING, Buffer.from([unusedBits]), bytes);

export const utf8String = (text: string): Buffer => tlv(TAG.UTF8_STRING, Buffer.from(text, 'utf8'));

export function printableString(text: string): Buffer {
  if (!/^[A-Za-z0-9 '()+,\-./:=?]*$/.test(text)) throw new PkiError('DER_INVALID', 'value is not a PrintableString');
  return tlv(TAG.PRINTABLE_STRING, Buffer.from(text, 'latin1'));
}

/** INTEGER from a number, a bigint (both non-negative) or the unsigned big-endian magnitude. */
export function integer(value: number | bigint | Uint8Array): Buffer {
  return tlv(TAG.INTEGER, unsignedIntegerContent(value));
}

export function enumerated(value: number): Buffer {
  return tlv(TAG.ENUMERATED, unsignedIntegerContent(value));
}

function unsignedIntegerContent(value: number | bigint | Uint8Array): Buffer {
  let magnitude: Buffer;
  if (value instanceof Uint8Array) {
    magnitude = Buffer.from(value);
  } else {
    const big = BigInt(value);
    if (big < 0n) throw new PkiError('DER_INVALID', 'negative INTEGER values are not written by this codec');
    const hex = big.toString(16);
    magnitude = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  }
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const trimmed = magnitude.subarray(start);
  if (trimmed.length === 0) return Buffer.from([0]);
  // A set top bit would read as negative: prefix a zero octet.
  return trimmed[0] & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed;
}

const oidCache = new Map<string, Buffer>();

export function oid(dotted: string): Buffer {
  const cached = oidCache.get(dotted);
  if (cached) return cached;
  const arcs = dotted.split('.').map((arc) => BigInt(arc));
  if (arcs.length < 2 || arcs[0] > 2n || (arcs[0] < 2n && arcs[1] > 39n)) throw new PkiError('DER_INVALID', `bad OID ${dotted}`);
  const bytes: number[] = [];
  for (const arc of [arcs[0] * 40n + arcs[1], ...arcs.slice(2)]) {
    const groups: number[] = [Number(arc & 0x7fn)];
    for (let rest = arc >> 7n; rest > 0n; rest >>= 7n) groups.unshift(Number(rest & 0x7fn) | 0x80);
    bytes.push(...groups);
  }
  const encoded = tlv(TAG.OID, Buffer.from(bytes));
  oidCache.set(dotted, encoded);
  return encoded;
}

/** AlgorithmIdentifier with absent parameters (ECDSA, SHA-2) or with NULL (RSA). */
export function algorithmIdentifier(algorithm: string, parameters?: Uint8Array): Buffer {
  return parameters ? sequence(oid(algorithm), parameters) : sequence(oid(algorithm));
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function utcTime(date: Date): Buffer {
  const text =
    pad(date.getUTCFullYear() % 100) + pad(date.getUTCMonth() + 1) + pad(date.getUTCDate()) +
    pad(date.getUTCHours()) + pad(date.getUTCMinutes()) + pad(date.getUTCSeconds()) + 'Z';
  return tlv(TAG.UTC_TIME, Buffer.from(text, 'latin1'));
}

/** GeneralizedTime in UTC; with `fraction`, milliseconds without trailing zeros (RFC 3161 genTime). */
export function generalizedTime(date: Date, fraction = false): Buffer {
  let text =
    pad(date.getUTCFullYear(), 4) + pad(date.getUTCMonth() + 1) + pad(date.getUTCDate()) +
    pad(date.getUTCHours()) + pad(date.getUTCMinutes()) + pad(date.getUTCSeconds());
  const millis = date.getUTCMilliseconds();
  if (fraction && millis > 0) text += `.${pad(millis, 3).replace(/0+$/, '')}`;
  return tlv(TAG.GENERALIZED_TIME, Buffer.from(`${text}Z`, 'latin1'));
}

/** RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. */
export function x509Time(date: Date): Buffer {
  const year = date.getUTCFullYear();
  return year >= 1950 && year < 2050 ? utcTime(date) : generalizedTime(date);
}

// ---------------------------------------------------------------- reading

/**
 * Nesting no certificate, CRL, CSR or CMS structure comes near (a CMS signature with its
 * certificates is about 15 deep); beyond it the reader, and any walk over what it read, would
 * recurse until the stack ran out.
 */
export const MAX_DER_DEPTH = 64;
/** Elements in one parsed structure: about 2 MB of the smallest TLVs, far beyond a real one. */
export const MAX_DER_NODES = 1_000_000;

/** What one parseDer call may still spend, shared by every node of its tree. */
interface Budget {
  nodes: number;
}

/** One parsed TLV: offsets into `buffer`, children parsed on demand. */
export class DerNode {
  #children: DerNode[] | undefined;

  constructor(
    readonly buffer: Buffer,
    readonly tag: number,
    readonly start: number,
    readonly valueStart: number,
    readonly valueEnd: number,
    readonly end: number,
    children?: DerNode[],
    /** 0 for the root; children are one deeper. */
    readonly depth = 0,
    private readonly budget: Budget = { nodes: MAX_DER_NODES },
  ) {
    this.#children = children;
  }

  get constructed(): boolean {
    return (this.tag & 0x20) !== 0;
  }

  /** The whole TLV, as received. */
  get bytes(): Buffer {
    return this.buffer.subarray(this.start, this.end);
  }

  /** The value octets (for an indefinite length: without the end-of-contents marker). */
  get value(): Buffer {
    return this.buffer.subarray(this.valueStart, this.valueEnd);
  }

  get children(): DerNode[] {
    if (this.#children) return this.#children;
    if (!this.constructed) throw new PkiError('DER_INVALID', `tag 0x${this.tag.toString(16)} is not constructed`);
    const children: DerNode[] = [];
    for (let offset = this.valueStart; offset < this.valueEnd; ) {
      const child = readNode(this.buffer, offset, this.valueEnd, this.depth + 1, this.budget);
      children.push(child);
      offset = child.end;
    }
    this.#children = children;
    return children;
  }

  /** The child at `index`, which must exist (and carry `tag` when given). */
  child(index: number, tag?: number): DerNode {
    const child = this.children[index];
    if (!child) throw new PkiError('DER_INVALID', `missing element ${index} in tag 0x${this.tag.toString(16)}`);
    if (tag !== undefined) expectTag(child, tag);
    return child;
  }
}

export function expectTag(node: DerNode, tag: number): DerNode {
  if (node.tag !== tag) throw new PkiError('DER_INVALID', `expected tag 0x${tag.toString(16)}, found 0x${node.tag.toString(16)}`);
  return node;
}

/** Parses exactly one TLV that must fill `input` (trailing bytes are an error). */
export function parseDer(input: Uint8Array): DerNode {
  const buffer = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const node = readNode(buffer, 0, buffer.length, 0, { nodes: MAX_DER_NODES });
  if (node.end !== buffer.length) throw new PkiError('DER_INVALID', 'trailing bytes after the DER structure');
  return node;
}

function readNode(buffer: Buffer, start: number, limit: number, depth: number, budget: Budget): DerNode {
  if (depth >= MAX_DER_DEPTH) throw new PkiError('DER_INVALID', `the structure nests deeper than ${MAX_DER_DEPTH} levels`);
  if (--budget.nodes < 0) throw new PkiError('DER_INVALID', `the structure has more than ${MAX_DER_NODES} elements`);
  if (start + 2 > limit) throw new PkiError('DER_INVALID', 'truncated DER');
  const tag = buffer[start];
  if ((tag & 0x1f) === 0x1f) throw new PkiError('DER_INVALID', 'multi-byte tags are not supported');
  const first = buffer[start + 1];
  if (first === 0x80) return readIndefinite(buffer, tag, start, limit, depth, budget);
  let length = first;
  let valueStart = start + 2;
  if (first > 0x80) {
    const octets = first & 0x7f;
    if (octets > 4) throw new PkiError('DER_INVALID', 'DER length too large');
    if (valueStart + octets > limit) throw new PkiError('DER_INVALID', 'truncated DER length');
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + buffer[valueStart + i];
    valueStart += octets;
  }
  const end = valueStart + length;
  if (end > limit) throw new PkiError('DER_INVALID', 'truncated DER value');
  return new DerNode(buffer, tag, start, valueStart, end, end, undefined, depth, budget);
}

/** BER indefinite length: children until the 00 00 end-of-contents marker. */
function readIndefinite(buffer: Buffer, tag: number, start: number, limit: number, depth: number, budget: Budget): DerNode {
  if ((tag & 0x20) === 0) throw new PkiError('DER_INVALID', 'indefinite length on a primitive tag');
  const children: DerNode[] = [];
  let offset = start + 2;
  for (;;) {
    if (offset + 2 > limit) throw new PkiError('DER_INVALID', 'truncated indefinite-length value');
    if (buffer[offset] === 0 && buffer[offset + 1] === 0) break;
    const child = readNode(buffer, offset, limit, depth + 1, budget);
    children.push(child);
    offset = child.end;
  }
  return new DerNode(buffer, tag, start, start + 2, offset, offset + 2, children, depth, budget);
}

// ---------------------------------------------------------------- value readers

const oidTextCache = new Map<string, string>();

export function readOid(node: DerNode): string {
  expectTag(node, TAG.OID);
  const key = node.value.toString('latin1');
  const cached = oidTextCache.get(key);
  if (cached) return cached;
  const value = node.value;
  if (value.length === 0 || value[value.length - 1] & 0x80) throw new PkiError('DER_INVALID', 'bad OID encoding');
  const arcs: bigint[] = [];
  let arc = 0n;
  for (const byte of value) {
    arc = (arc << 7n) | BigInt(byte & 0x7f);
    if ((byte & 0x80) === 0) {
      arcs.push(arc);
      arc = 0n;
    }
  }
  const first = arcs[0] < 80n ? arcs[0] / 40n : 2n;
  const text = [first, arcs[0] - first * 40n, ...arcs.slice(1)].join('.');
  if (oidTextCache.size > 4096) oidTextCache.clear();
  oidTextCache.set(key, text);
  return text;
}

/** INTEGER as a (signed) bigint. */
export function readInteger(node: DerNode): bigint {
  expectTag(node, TAG.INTEGER);
  const value = node.value;
  if (value.length === 0) throw new PkiError('DER_INVALID', 'empty INTEGER');
  let result = BigInt(`0x${value.toString('hex')}`);
  if (value[0] & 0x80) result -= 1n << BigInt(value.length * 8);
  return result;
}

/** A small non-negative INTEGER (versions, path lengths, reason codes). */
export function readSmallInteger(node: DerNode, tag: number = TAG.INTEGER): number {
  expectTag(node, tag);
  const value = node.value;
  if (value.length === 0 || value.length > 4 || value[0] & 0x80) throw new PkiError('DER_INVALID', 'INTEGER out of range');
  return value.reduce((n, byte) => n * 256 + byte, 0);
}

/** An INTEGER's value octets as lowercase hex, without the sign octet of a positive number. */
export function integerHex(node: DerNode): string {
  expectTag(node, TAG.INTEGER);
  const value = node.value;
  return (value.length > 1 && value[0] === 0 ? value.subarray(1) : value).toString('hex');
}

export function readBoolean(node: DerNode): boolean {
  expectTag(node, TAG.BOOLEAN);
  if (node.value.length !== 1) throw new PkiError('DER_INVALID', 'bad BOOLEAN');
  return node.value[0] !== 0;
}

/** OCTET STRING contents; a constructed (BER) OCTET STRING is concatenated. */
export function readOctetString(node: DerNode): Buffer {
  if (node.tag === (TAG.OCTET_STRING | 0x20)) return Buffer.concat(node.children.map(readOctetString));
  return expectTag(node, TAG.OCTET_STRING).value;
}

export function readBitString(node: DerNode): { unusedBits: number; bytes: Buffer } {
  expectTag(node, TAG.BIT_STRING);
  if (node.value.length === 0 || node.value[0] > 7) throw new PkiError('DER_INVALID', 'bad BIT STRING');
  return { unusedBits: node.value[0], bytes: node.value.subarray(1) };
}

export function readString(node: DerNode): string {
  switch (node.tag) {
    case TAG.UTF8_STRING:
      return node.value.toString('utf8');
    case TAG.PRINTABLE_STRING:
    case TAG.IA5_STRING:
    case TAG.TELETEX_STRING:
      return node.value.toString('latin1');
    case TAG.BMP_STRING:
      return Buffer.from(node.value).swap16().toString('utf16le');
    default:
      throw new PkiError('DER_INVALID', `tag 0x${node.tag.toString(16)} is not a string`);
  }
}

/** UTCTime or GeneralizedTime, UTC only ("Z"), as RFC 5280 and RFC 3161 require. */
export function readTime(node: DerNode): Date {
  const text = node.value.toString('latin1');
  let match: RegExpMatchArray | null;
  let year: number;
  if (node.tag === TAG.UTC_TIME) {
    match = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/.exec(text);
    if (!match) throw new PkiError('DER_INVALID', 'bad UTCTime');
    const yy = Number(match[1]);
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
  } else if (node.tag === TAG.GENERALIZED_TIME) {
    match = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(?:\.(\d{1,9}))?Z$/.exec(text);
    if (!match) throw new PkiError('DER_INVALID', 'bad GeneralizedTime');
    year = Number(match[1]);
  } else {
    throw new PkiError('DER_INVALID', 'expected a time');
  }
  const millis = match[7] ? Math.floor(Number(`0.${match[7]}`) * 1000) : 0;
  const date = new Date(Date.UTC(year, Number(match[2]) - 1, Number(match[3]), Number(match[4]), Number(match[5]), Number(match[6]), millis));
  // Date.UTC rolls 31 February over to March: refuse any field that did not survive.
  const fields = [date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()];
  if (fields.some((field, i) => field !== Number(match[i + 2]))) throw new PkiError('DER_INVALID', 'bad time value');
  return date;
}
