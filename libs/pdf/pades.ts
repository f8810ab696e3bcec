/**
 * PAdES baseline signatures (ETSI EN 319 142-1): a signature dictionary with SubFilter
 * `ETSI.CAdES.detached` whose /Contents is a detached CAdES over the /ByteRange of the file,
 * with signing-certificate-v2 and, for B-T, an RFC 3161 signature timestamp (libs/pki CadesSigner).
 *
 * The placeholder goes in while pdfkit writes the document (as @signpdf/placeholder-pdfkit does,
 * whose peer range stops at pdfkit 0.11): an AcroForm signature field whose widget lies on the
 * visible signature block. `signPdf` then fills in the byte range and the CMS.
 */
import { sha256, type CadesSigner, type Timestamper } from '../pki/index.js';

/** Room for the CMS: two certificates, the signature and a timestamp token with its own two. */
const SIGNATURE_BYTES = 12 * 1024;
const BYTE_RANGE_PLACEHOLDER = '**********';
const SIG_FLAGS = 3; // SignaturesExist | AppendOnly

interface PdfKitInternals {
  ref(data: Record<string, unknown>): { end(): void };
  initForm(): void;
  _acroform?: unknown;
  _root: { data: { AcroForm: { data: Record<string, unknown> & { Fields: unknown[]; DR?: unknown } } } };
  page: { dictionary: unknown; annotations: unknown[] };
}

export interface PlaceholderOptions {
  name: string;
  reason: string;
  location: string;
  signingTime: Date;
  /** [x1, y1, x2, y2] in PDF user space, on the current page. */
  widgetRect: [number, number, number, number];
}

export function addSignaturePlaceholder(document: PDFKit.PDFDocument, options: PlaceholderOptions): void {
  const pdf = document as unknown as PdfKitInternals;
  const signature = pdf.ref({
    Type: 'Sig',
    Filter: 'Adobe.PPKLite',
    SubFilter: 'ETSI.CAdES.detached',
    ByteRange: [0, BYTE_RANGE_PLACEHOLDER, BYTE_RANGE_PLACEHOLDER, BYTE_RANGE_PLACEHOLDER],
    Contents: Buffer.alloc(SIGNATURE_BYTES),
    Reason: new String(options.reason),
    M: options.signingTime,
    Name: new String(options.name),
    Location: new String(options.location),
    Prop_Build: { Filter: { Name: 'Adobe.PPKLite' }, App: { Name: 'EvidenceExchange' } },
  });
  if (!pdf._acroform) pdf.initForm();
  const form = pdf._root.data.AcroForm;
  form.data = { Type: 'AcroForm', SigFlags: SIG_FLAGS, Fields: form.data.Fields, DR: form.data.DR };
  // PDF/A wants an appearance for every visible annotation: an empty one, the block itself is
  // drawn in the page's content, under the widget.
  const [x1, y1, x2, y2] = options.widgetRect;
  const appearance = pdf.ref({ Type: 'XObject', Subtype: 'Form', BBox: [0, 0, x2 - x1, y2 - y1], Resources: {} });
  appearance.end();
  const widget = pdf.ref({
    Type: 'Annot',
    Subtype: 'Widget',
    FT: 'Sig',
    F: 4, // printed
    Rect: options.widgetRect,
    AP: { N: appearance },
    V: signature,
    T: new String(`Signature${form.data.Fields.length + 1}`),
    P: pdf.page.dictionary,
  });
  pdf.page.annotations.push(widget);
  form.data.Fields.push(widget);
  signature.end();
  widget.end();
}

/** Where the signature goes: the byte range it covers and the hex /Contents it fills. */
export function signatureSlot(pdf: Buffer): { byteRange: [number, number, number, number]; contentsStart: number; contentsEnd: number; byteRangeStart: number; byteRangeEnd: number } {
  const byteRangeStart = pdf.indexOf(`/ByteRange [0 /${BYTE_RANGE_PLACEHOLDER} /${BYTE_RANGE_PLACEHOLDER} /${BYTE_RANGE_PLACEHOLDER}]`);
  if (byteRangeStart < 0) throw new Error('the PDF has no signature placeholder');
  const byteRangeEnd = pdf.indexOf(']', byteRangeStart) + 1;
  const contentsStart = pdf.indexOf('/Contents <', byteRangeStart) + '/Contents '.length;
  const contentsEnd = pdf.indexOf('>', contentsStart) + 1;
  if (contentsStart < byteRangeStart || contentsEnd <= contentsStart) throw new Error('the signature placeholder has no /Contents');
  return { byteRange: [0, contentsStart, contentsEnd, pdf.length - contentsEnd], contentsStart, contentsEnd, byteRangeStart, byteRangeEnd };
}

/** The bytes a PAdES signature covers: everything but the /Contents hex string. */
export function signedBytes(pdf: Buffer, byteRange: readonly number[]): Buffer {
  const [a, b, c, d] = byteRange;
  return Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
}

/**
 * Signs a PDF made by `renderDocument`: writes the byte range, signs its SHA-256 as CAdES (B-T
 * with `timestamper`), and puts the CMS, hex, into /Contents. The file keeps its length.
 */
export async function signPdf(unsigned: Buffer, signer: CadesSigner, timestamper?: Timestamper): Promise<Buffer> {
  const pdf = Buffer.from(unsigned);
  const slot = signatureSlot(pdf);
  const text = `/ByteRange [${slot.byteRange.join(' ')}]`;
  const width = slot.byteRangeEnd - slot.byteRangeStart;
  if (text.length > width) throw new Error('the byte range does not fit its placeholder');
  pdf.write(text.padEnd(width, ' '), slot.byteRangeStart, 'latin1');
  const cms = await signer.signDigest(sha256(signedBytes(pdf, slot.byteRange)), timestamper ? { timestamper } : {});
  const room = slot.contentsEnd - slot.contentsStart - 2;
  const hex = cms.toString('hex');
  if (hex.length > room) throw new Error(`the signature (${cms.length} bytes) does not fit the placeholder (${room / 2} bytes)`);
  pdf.write(hex.padEnd(room, '0'), slot.contentsStart + 1, 'latin1');
  return pdf;
}
