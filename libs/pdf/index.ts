/** libs/pdf: the legally formatted documents, rendered and PAdES-signed, without any framework. */
export { DOCUMENT_AUDIENCES, DOCUMENT_FORMS, type DocumentAudience, type DocumentForm, type DocumentModel, type PartyInfo } from './model.js';
export { DOCUMENT_LANGUAGES, labelKeys, labelsFor, type Labels } from './labels.js';
export { formSections, type Row, type Section } from './forms.js';
export { renderDocument, type RenderedDocument, type RenderOptions } from './render.js';
export { signPdf, signatureSlot, signedBytes } from './pades.js';
export { embeddedOrderJson } from './embedded.js';
