/** PEM armour (RFC 7468) for certificates, CSRs, CRLs and keys. */
import { PkiError } from './errors.js';

export function toPem(label: string, der: Uint8Array): string {
  const base64 = Buffer.from(der).toString('base64');
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** Every PEM block in `text`, in order. */
export function pemBlocks(text: string): { label: string; der: Buffer }[] {
  const blocks: { label: string; der: Buffer }[] = [];
  const pattern = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
  for (const match of text.matchAll(pattern)) {
    const body = match[2].replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) throw new PkiError('DER_INVALID', `bad base64 in PEM block ${match[1]}`);
    blocks.push({ label: match[1], der: Buffer.from(body, 'base64') });
  }
  return blocks;
}

/**
 * DER bytes from PEM text (the first block with one of `labels`) or from DER given as bytes.
 * Bytes that start with "-----BEGIN" are read as PEM text.
 */
export function derFrom(input: string | Uint8Array, labels: readonly string[]): Buffer {
  const text = typeof input === 'string' ? input : isPemBytes(input) ? Buffer.from(input).toString('latin1') : undefined;
  if (text === undefined) return Buffer.from(input as Uint8Array);
  const block = pemBlocks(text).find((candidate) => labels.includes(candidate.label));
  if (!block) throw new PkiError('DER_INVALID', `no PEM block labelled ${labels.join(' or ')}`);
  return block.der;
}

function isPemBytes(bytes: Uint8Array): boolean {
  // DER of every structure read here starts with a SEQUENCE tag; PEM text never does.
  if (bytes[0] === 0x30) return false;
  return Buffer.from(bytes.subarray(0, 64)).toString('latin1').trimStart().startsWith('-----BEGIN ');
}
