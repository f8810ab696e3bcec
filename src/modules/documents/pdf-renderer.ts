import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { AppConfig } from '../../config/app-config.js';
import type { RenderResult, RenderTask } from './pdf-render.worker.js';

/**
 * Renders documents in a pool of worker threads, so a step that makes an EPOC never holds the
 * event loop for the ten milliseconds or more pdfkit takes. The pool starts with one thread and grows
 * to DOCUMENT_RENDER_THREADS (default: the cores but one, at least two). On two cores, two threads
 * beside the event loop kept the same throughput as one and cut the p99 of a step by a quarter: an
 * issue no longer waits behind a queue of renderings while the other steps have a core to spare.
 *
 * The threads run at a lower scheduling priority than the event loop (nice +10, RENDER_NICE). Every
 * step goes through the event loop: its statements, signatures and answer, while a transaction
 * waits for it. With every core busy, the kernel shared them evenly between the loop and the
 * renderers, so the loop fell behind, transactions stayed open waiting for it, and cores went idle;
 * at a lower priority the renderings take what the loop leaves. On a server on two cores, signed
 * steps went from 191 to 208-215 a second, and an issue's p99 from about 235 to 340 ms (renders wait
 * longer). piscina sets it through its optional `@napi-rs/nice`, on Linux only: there a nice value
 * is per thread and the loop's is untouched, where macOS would lower the whole process.
 */
export const RENDER_NICE = 10;

@Injectable()
export class PdfRenderer implements OnApplicationShutdown {
  private readonly logger = new Logger('PdfRenderer');
  private readonly pool: Piscina<RenderTask, RenderResult>;

  constructor(@Inject(AppConfig) config: AppConfig) {
    const source = fileURLToPath(new URL('./pdf-render.worker.js', import.meta.url));
    // Under the test runner the sources are TypeScript: the worker loads them through tsx.
    const typescript = import.meta.url.endsWith('.ts');
    this.pool = new Piscina({
      filename: typescript ? source.replace(/\.js$/, '.ts') : source,
      minThreads: 1,
      maxThreads: config.documentRenderThreads ?? Math.max(2, availableParallelism() - 1),
      idleTimeout: 60_000,
      niceIncrement: process.platform === 'linux' ? RENDER_NICE : 0,
      execArgv: typescript ? ['--import', 'tsx'] : [],
    });
  }

  async render(task: RenderTask): Promise<{ pdf: Buffer; json: Buffer; jsonSha256: string }> {
    const result = await this.pool.run(task);
    return { pdf: Buffer.from(result.pdf.buffer, result.pdf.byteOffset, result.pdf.byteLength), json: Buffer.from(result.json), jsonSha256: result.jsonSha256 };
  }

  /** What the pool did so far, for the benchmark: tasks run and their total time in the threads (ms). */
  stats(): { tasks: number; runMs: number } {
    return { tasks: this.pool.completed, runMs: this.pool.completed * this.pool.histogram.runTime.average };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.destroy().catch((error: unknown) => this.logger.warn({ msg: 'renderer pool did not close cleanly', err: error }));
  }
}
