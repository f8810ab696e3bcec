/**
 * A worker thread of the document renderer (piscina): lays out one form in one language with
 * pdfkit, which is CPU-bound (about ten milliseconds an EPOC), so it runs off the event loop. Signing
 * stays on the main thread, where the key store lives; it takes about a millisecond.
 */
import { renderDocument, type DocumentModel, type RenderOptions } from '../../../libs/pdf/index.js';

export interface RenderTask {
  model: DocumentModel;
  language: string;
  signingTime: string;
  translation?: RenderOptions['translation'];
}

export interface RenderResult {
  pdf: Uint8Array;
  json: Uint8Array;
  jsonSha256: string;
}

export default async function render(task: RenderTask): Promise<RenderResult> {
  const rendered = await renderDocument(task.model, task.language, { signingTime: new Date(task.signingTime), translation: task.translation });
  return { pdf: rendered.pdf, json: rendered.json, jsonSha256: rendered.jsonSha256 };
}
