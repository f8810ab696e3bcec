/**
 * Renders a form to a PDF/A-3b shaped document with pdfkit: embedded DejaVu fonts (never the
 * non-embeddable Helvetica), the order's structured JSON as an associated file whose SHA-256 is
 * printed on every page, page numbers, and a visible signature block holding the PAdES signature
 * placeholder that `signPdf` fills.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { create as createFont, type Font } from 'fontkit';
import PDFDocument from 'pdfkit';
import { canonicalJson } from '../pki/index.js';
import { displaySubject, formSections, instrumentText, utc, type Section } from './forms.js';
import { labelsFor, type Labels } from './labels.js';
import type { DocumentModel } from './model.js';
import { addSignaturePlaceholder } from './pades.js';

const require = createRequire(import.meta.url);
const fontFile = (name: string) => readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${name}`));
/**
 * Parsed once per process: parsing the TrueType files took more than half of each render. pdfkit
 * accepts a fontkit font and keeps its subset per document, so sharing the parsed font is safe.
 */
const FONTS = {
  Regular: withGlyphsDecodedOnce(createFont(fontFile('DejaVuSans.ttf')) as Font),
  Bold: withGlyphsDecodedOnce(createFont(fontFile('DejaVuSans-Bold.ttf')) as Font),
};

/**
 * Every document embeds a subset of each face, and fontkit makes it by decoding each glyph it
 * holds (every point of its outline) only to learn whether it is made of other glyphs: 15 % of a
 * render, the same glyphs decoded again in every document. fontkit keeps one glyph object per id
 * for the face; each now keeps its decoded outline, which nothing changes (the faces have no
 * variations, whose processing would). The subset's bytes are copied from the font as before.
 */
function withGlyphsDecodedOnce(face: Font): Font {
  type Glyph = { _decode(): unknown };
  const glyphOf = face.getGlyph.bind(face) as unknown as (id: number, codePoints?: number[]) => Glyph | null;
  const decodedOnce = new WeakSet<Glyph>();
  (face as unknown as { getGlyph: typeof glyphOf }).getGlyph = (id, codePoints) => {
    const glyph = glyphOf(id, codePoints);
    if (glyph && !decodedOnce.has(glyph)) {
      decodedOnce.add(glyph);
      const decode = glyph._decode.bind(glyph);
      let decoded: unknown;
      let done = false;
      glyph._decode = () => {
        if (!done) {
          decoded = decode();
          done = true;
        }
        return decoded;
      };
    }
    return glyph;
  };
  return face;
}
type Face = keyof typeof FONTS;

/** A word as pdfkit lays it out: its glyphs, their positions in thousandths of an em, its width. */
type LaidOutWord = unknown;
/** Most words a face remembers (labels, names, dates recur from one order to the next); then it starts again. */
const REMEMBERED_WORDS = 20_000;
/**
 * Longest word remembered. pdfkit breaks a word too long for its line by laying it out again and
 * again, prefix after prefix: remembering those left hundreds of megabytes behind a 20,000-character
 * word. Words of the forms are short; what is longer is laid out afresh in each document.
 */
const REMEMBERED_LENGTH = 64;
/**
 * The words each face laid out in this thread, shared by every document. pdfkit keeps them only for
 * one document (its font's `layoutCache`), so every form shaped its labels afresh (fontkit's
 * OpenType lookups, then pdfkit's scaling): nearly half of a render (22 ms an EPOC, 12.3 after). A document's own cache reads
 * through to these (they are its prototype); what it adds comes here once it is made. pdfkit never
 * changes a word once laid out (it copies a position before adding word spacing to it).
 */
const remembered: Record<Face, { words: Record<string, LaidOutWord>; count: number }> = {
  Regular: { words: Object.create(null) as Record<string, LaidOutWord>, count: 0 },
  Bold: { words: Object.create(null) as Record<string, LaidOutWord>, count: 0 },
};

/** Characters of the words the faces remember in this thread (for the spec that bounds it). */
export function rememberedShapeCharacters(): number {
  return Object.values(remembered).reduce((total, face) => total + Object.keys(face.words).reduce((sum, word) => sum + word.length, 0), 0);
}

/** Selects `face` in `doc` and gives its pdfkit font a cache that reads through to the face's remembered words. */
function rememberingLayouts(doc: PDFKit.PDFDocument, face: Face): Record<string, LaidOutWord> {
  doc.font(face);
  const font = (doc as unknown as { _font: { layoutCache?: Record<string, LaidOutWord> } })._font;
  font.layoutCache = Object.create(remembered[face].words) as Record<string, LaidOutWord>;
  return font.layoutCache;
}

/** Keeps the short words a document laid out for the next ones. */
function remember(face: Face, laidOut: Record<string, LaidOutWord>): void {
  const kept = remembered[face];
  for (const word of Object.keys(laidOut)) {
    if (word.length > REMEMBERED_LENGTH) continue;
    if (kept.count >= REMEMBERED_WORDS) {
      kept.words = Object.create(null) as Record<string, LaidOutWord>;
      kept.count = 0;
    }
    kept.words[word] = laidOut[word];
    kept.count += 1;
  }
}

const MARGIN = 50;
const LABEL_WIDTH = 165;
const GAP = 10;
const SIGNATURE_BLOCK_HEIGHT = 74;

export interface RenderedDocument {
  /** Unsigned PDF with an empty signature placeholder. */
  pdf: Buffer;
  /** The embedded `order.json` (RFC 8785) and its SHA-256 as printed. */
  json: Buffer;
  jsonSha256: string;
}

export interface RenderOptions {
  /** The signing time written into the signature dictionary and the document's dates. */
  signingTime: Date;
  /**
   * A copy in another language, made later from the same model (so the same order.json and
   * digest) and sealed by the exchange: the signature block says who signs it and whose signed
   * original it translates. The model, and therefore the legal record, is unchanged.
   */
  translation?: { signer: { organisation: string; certificateSubject: string }; originalLanguage: string; originalSignedAt: string };
}

export function renderDocument(model: DocumentModel, language: string, options: RenderOptions): Promise<RenderedDocument> {
  const t = labelsFor(language);
  const json = canonicalJson(model);
  const jsonSha256 = createHash('sha256').update(json).digest('hex');
  const { title, subtitle } = t.form(model.form);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    pdfVersion: '1.7',
    subset: 'PDF/A-3b',
    lang: language,
    // No default font: pdfkit would open the fonts registered below afresh at every doc.font() call
    // (a default of the same face shadows their cache entries), which cost a third of the render.
    font: null as unknown as string,
    bufferPages: true,
    displayTitle: true,
    info: {
      Title: `${title} — ${model.order.reference}`,
      Subject: subtitle,
      Author: model.signer.organisation,
      Creator: 'Evidence Exchange',
      Producer: 'Evidence Exchange (pdfkit)',
      // Unique per document: pdfkit derives the trailer /ID from the Info dictionary.
      Keywords: `${model.order.reference} ${model.order.id} ${model.form} ${model.audience} ${language} ${jsonSha256}`,
      CreationDate: options.signingTime,
      ModDate: options.signingTime,
    },
  });
  doc.registerFont('Regular', FONTS.Regular as unknown as string);
  doc.registerFont('Bold', FONTS.Bold as unknown as string);
  // pdfkit keeps one font object per face and document, made (and numbered: F1, F2) at its first
  // selection; Regular is selected last, as the text starts in it.
  const laidOut = { Regular: rememberingLayouts(doc, 'Regular'), Bold: rememberingLayouts(doc, 'Bold') };
  doc.font('Regular');
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  header(doc, model, t, title, subtitle, jsonSha256);
  for (const section of formSections(model, t)) writeSection(doc, section, t);
  const rect = signatureBlock(doc, model, t, options);
  footers(doc, model, t, jsonSha256);

  // PDF/A-3 associated file (AFRelationship Data); @types/pdfkit predates the option.
  doc.file(json, {
    name: 'order.json',
    type: 'application/json',
    relationship: 'Data',
    description: `Structured data of ${model.order.reference} (${model.form}), RFC 8785; SHA-256 ${jsonSha256}`,
    creationDate: options.signingTime,
    modifiedDate: options.signingTime,
  } as PDFKit.Mixins.PDFAttachmentOptions);
  addSignaturePlaceholder(doc, {
    name: (options.translation?.signer ?? model.signer).certificateSubject,
    reason: `${title} ${model.order.reference}`,
    location: 'Evidence Exchange',
    signingTime: options.signingTime,
    widgetRect: rect,
  });
  doc.end();
  return done.then((pdf) => {
    remember('Regular', laidOut.Regular);
    remember('Bold', laidOut.Bold);
    return { pdf, json, jsonSha256 };
  });
}

function header(doc: PDFKit.PDFDocument, model: DocumentModel, t: Labels, title: string, subtitle: string, jsonSha256: string): void {
  const width = doc.page.width - 2 * MARGIN;
  doc.font('Bold').fontSize(14).text(title, { width });
  doc.font('Regular').fontSize(9).fillColor('#333333').text(subtitle, { width }).fillColor('black');
  doc.moveDown(0.5);
  const rows: [string, string][] = [
    // The exchange reference names the order; its id stays in order.json, off the face of the form.
    [t.t('common.reference'), model.order.reference],
    [t.t('common.instrument'), `${instrumentText(model, t, 'instrumentName')} — ${instrumentText(model, t, 'legalBasis')}`],
    [t.t('common.copyFor'), t.t(`common.copy.${model.audience}`)],
    [t.t('common.documentLanguage'), t.language],
    [t.t('common.jsonDigest'), jsonSha256],
  ];
  const valueWidth = width - LABEL_WIDTH - GAP - 6;
  const heights = rows.map(([label, value]) => {
    doc.font('Regular').fontSize(7.5);
    const valueHeight = doc.heightOfString(value, { width: valueWidth });
    doc.font('Bold');
    return Math.max(valueHeight, doc.heightOfString(label, { width: LABEL_WIDTH - 6 })) + 3;
  });
  const top = doc.y;
  const boxHeight = heights.reduce((sum, height) => sum + height, 0) + 8;
  doc.rect(MARGIN, top, width, boxHeight).fillAndStroke('#f2f4f7', '#9aa5b1').fillColor('black');
  let y = top + 5;
  rows.forEach(([label, value], index) => {
    doc.font('Bold').fontSize(7.5).text(label, MARGIN + 6, y, { width: LABEL_WIDTH - 6 });
    doc.font('Regular').fontSize(7.5).text(value, MARGIN + LABEL_WIDTH + GAP, y, { width: valueWidth });
    y += heights[index];
  });
  doc.x = MARGIN;
  doc.y = top + boxHeight + 6;
  doc.font('Regular').fontSize(7.5).fillColor('#333333').text(`${t.t('common.allTimesUtc')} ${t.t('common.freeTextNote')}`, MARGIN, doc.y, { width }).fillColor('black');
  doc.moveDown(0.6);
}

function ensureSpace(doc: PDFKit.PDFDocument, height: number): void {
  if (doc.y + height > doc.page.height - MARGIN - 20) doc.addPage();
}

function writeSection(doc: PDFKit.PDFDocument, section: Section, t: Labels): void {
  const width = doc.page.width - 2 * MARGIN;
  // "SECTION A: ..." as the official forms write it; a long title wraps rather than being cut.
  const heading = t.t('common.sectionHeading', { letter: section.letter, title: section.title });
  doc.font('Bold').fontSize(9.5);
  const headingHeight = doc.heightOfString(heading, { width: width - 12 }) + 6;
  ensureSpace(doc, headingHeight + 24);
  const top = doc.y;
  doc.rect(MARGIN, top, width, headingHeight).fill('#1f3b5b').fillColor('white');
  doc.font('Bold').fontSize(9.5).text(heading, MARGIN + 6, top + 3.5, { width: width - 12 });
  doc.fillColor('black');
  doc.y = top + headingHeight + 4;
  const valueX = MARGIN + LABEL_WIDTH + GAP;
  const valueWidth = width - LABEL_WIDTH - GAP;
  for (const row of section.rows) {
    doc.font('Regular').fontSize(8.5);
    const valueHeight = doc.heightOfString(row.value || ' ', { width: valueWidth });
    doc.font('Bold').fontSize(8);
    const labelHeight = doc.heightOfString(row.label, { width: LABEL_WIDTH });
    const height = Math.max(valueHeight, labelHeight);
    ensureSpace(doc, Math.min(height, 200) + 4);
    const y = doc.y;
    doc.font('Bold').fontSize(8).fillColor('#1f3b5b').text(row.label, MARGIN, y, { width: LABEL_WIDTH });
    const afterLabel = doc.y;
    doc.font('Regular').fontSize(8.5).fillColor('black').text(row.value || ' ', valueX, y, { width: valueWidth });
    doc.y = Math.max(doc.y, afterLabel) + 3;
    doc.moveTo(MARGIN, doc.y - 1.5).lineTo(MARGIN + width, doc.y - 1.5).lineWidth(0.3).strokeColor('#d0d5dc').stroke().strokeColor('black');
  }
  doc.x = MARGIN;
  doc.moveDown(0.5);
}

/** The visible signature block: who signs, on whose behalf, when; the widget sits on it. */
function signatureBlock(doc: PDFKit.PDFDocument, model: DocumentModel, t: Labels, options: RenderOptions): [number, number, number, number] {
  const { signingTime, translation } = options;
  const signer = translation?.signer ?? model.signer;
  const width = doc.page.width - 2 * MARGIN;
  const inner = width - 16;
  const who = translation ? null : model.signer.person;
  const lines = [
    `${t.t('common.signedBy')}: ${who ? `${who.name}${who.function ? `, ${who.function}` : ''}` : signer.organisation}`,
    `${t.t('common.onBehalfOf')}: ${signer.organisation} (${t.t('common.certificate')}: ${displaySubject(signer.certificateSubject)})`,
    `${t.t('common.signedAt')}: ${utc(signingTime.toISOString(), t)}`,
  ];
  const note = translation
    ? t.t('common.translationNote', { language: translation.originalLanguage, organisation: model.signer.organisation, signedAt: utc(translation.originalSignedAt, t) })
    : t.t('common.signatureNote');
  // The block grows with what it holds (long names wrap), never less than the widget needs.
  doc.font('Regular').fontSize(8.5);
  const linesHeight = lines.reduce((sum, line) => sum + doc.heightOfString(line, { width: inner }), 0);
  doc.fontSize(7);
  const blockHeight = Math.max(SIGNATURE_BLOCK_HEIGHT, 6 + 12 + linesHeight + doc.heightOfString(note, { width: inner }) + 8);
  ensureSpace(doc, blockHeight + 10);
  const top = doc.y + 4;
  doc.rect(MARGIN, top, width, blockHeight).lineWidth(0.8).strokeColor('#1f3b5b').stroke().strokeColor('black');
  doc.font('Bold').fontSize(9).text(t.t('common.signature'), MARGIN + 8, top + 6, { width: inner });
  doc.font('Regular').fontSize(8.5);
  for (const line of lines) doc.text(line, { width: inner });
  doc.fontSize(7).fillColor('#333333').text(note, { width: inner }).fillColor('black');
  doc.y = top + blockHeight + 6;
  // PDF user space has its origin at the bottom left.
  const height = doc.page.height;
  return [MARGIN, height - (top + blockHeight), MARGIN + width, height - top];
}

function footers(doc: PDFKit.PDFDocument, model: DocumentModel, t: Labels, jsonSha256: string): void {
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    doc.switchToPage(index);
    const bottom = doc.page.margins.bottom;
    // Writing inside the bottom margin would otherwise open a new page.
    doc.page.margins.bottom = 0;
    const y = doc.page.height - MARGIN + 14;
    const width = doc.page.width - 2 * MARGIN;
    doc.font('Regular').fontSize(7).fillColor('#555555');
    doc.text(`${model.order.reference} · ${model.form} · ${t.language}`, MARGIN, y, { width: width * 0.7, lineBreak: false });
    doc.text(t.t('common.page', { page: index + 1, pages: range.count }), MARGIN, y, { width, align: 'right', lineBreak: false });
    doc.text(`order.json SHA-256 ${jsonSha256}`, MARGIN, y + 9, { width, lineBreak: false });
    doc.fillColor('black');
    doc.page.margins.bottom = bottom;
  }
}
