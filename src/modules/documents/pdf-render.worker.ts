/**
 * A worker thread of the document renderer (piscina): lays out one form in one language with
 * pdfkit, which is CPU-bound (about ten milliseconds an EPOC), so it runs off the event loop. Signing
 * stays on the main thread, where the key store lives; it takes about a millisecond.
 */
import { getPriority, setPriority } from 'node:os';
import { workerData } from 'node:worker_threads';
import { renderDocument, type DocumentModel, type RenderOptions } from '../../../libs/pdf/index.js';

export interface RenderWorkerData {
  /** Nice steps below the event loop for this thread (pdf-renderer.ts); 0 leaves it. */
  nice: number;
}

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

// On Linux getpriority and setpriority with 0 read and set the calling thread's nice value only.
// A refusal (a seccomp profile) leaves the thread as it was, with a warning: rendering matters more
// than its priority. Near the bottom (19) the thread can only go as far as 19. Threads inherit the
// nice value of the thread that makes them: libuv's pool, which serves the loop's file and crypto
// work, was made by the main thread at start-up, and nothing here starts threads of its own.
const nice = (workerData as RenderWorkerData | null)?.nice ?? 0;
if (nice > 0) {
  try {
    setPriority(Math.min(19, getPriority() + nice));
  } catch (error) {
    process.emitWarning(`A document render thread keeps the event loop's priority: lowering it by ${nice} failed (${(error as Error).message}).`);
  }
}

export default async function render(task: RenderTask): Promise<RenderResult> {
  const rendered = await renderDocument(task.model, task.language, { signingTime: new Date(task.signingTime), translation: task.translation });
  return { pdf: rendered.pdf, json: rendered.json, jsonSha256: rendered.jsonSha256 };
}
