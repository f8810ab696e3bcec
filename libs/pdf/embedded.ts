/**
 * Reads the `order.json` a document embeds (its PDF/A-3 associated file), so a verifier can check
 * that a rendition carries exactly the record a step names by digest, without trusting the
 * digest printed on the page. Only the shape pdfkit writes is read: one EmbeddedFile stream,
 * uncompressed or FlateDecode.
 */
import { inflateSync } from 'node:zlib';

export function embeddedOrderJson(pdf: Buffer): Buffer | null {
  const marker = pdf.indexOf('/Type /EmbeddedFile');
  if (marker < 0) return null;
  const dictionaryStart = pdf.lastIndexOf('<<', marker);
  const streamKeyword = pdf.indexOf('stream', marker);
  if (dictionaryStart < 0 || streamKeyword < 0) return null;
  const dictionary = pdf.toString('latin1', dictionaryStart, streamKeyword);
  const length = /\/Length (\d+)/.exec(dictionary);
  if (!length) return null;
  // The data start after the end-of-line that follows the keyword (CRLF or LF).
  let start = streamKeyword + 'stream'.length;
  if (pdf[start] === 0x0d) start += 1;
  if (pdf[start] === 0x0a) start += 1;
  const data = pdf.subarray(start, start + Number(length[1]));
  if (data.length !== Number(length[1])) return null;
  try {
    return /\/Filter \/FlateDecode/.test(dictionary) ? inflateSync(data, { maxOutputLength: 16 * 1024 * 1024 }) : Buffer.from(data);
  } catch {
    return null;
  }
}
