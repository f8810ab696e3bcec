import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { AppConfig } from '../../config/app-config.js';
import type { RenderResult, RenderTask, RenderWorkerData } from './pdf-render.worker.js';

/**
 * Renders documents in a pool of worker threads, so a step that makes an EPOC never holds the
 * event loop for the ten milliseconds or more pdfkit takes. The pool starts with one thread and grows
 * to DOCUMENT_RENDER_THREADS (default: the cores but one, at least two). On two cores, two threads
 * beside the event loop kept the same throughput as one and cut the p99 of a step by a quarter: an
 * issue no longer waits behind a queue of renderings while the other steps have a core to spare.
 *
 * On Linux the threads run DOCUMENT_RENDER_NICE (default 10) nice steps below the event loop. Every
 * step passes through the loop (its statements, signatures and answer), often with a transaction
 * open and waiting for it; with every core busy the kernel shared the app's time evenly between the
 * loop and the renderers, so the loop fell behind. A nice value ranks threads within one scheduling
 * group only: with Linux's autogroup, the processes of one session; in a container or a systemd
 * service, its cgroup. So the renderings yield to the loop and to any other busy process of the
 * app's group (a benchmark started from the same shell, say), never to PostgreSQL's backends, which
 * run in sessions of their own. Measured on two cores with 16 clients (`npm run bench -- orders`,
 * README): on a server about 9 % more signed steps (185-215 a second against 170-191, seven runs
 * each, interleaved), and the p99 of all steps 339-423 ms against 232-289; on PGlite 157 and 165
 * against 146 and 149, p99 236-273 against 228-242 ms. 0 keeps the loop's priority. Only Linux,
 * where a nice value belongs to a thread: elsewhere it is the process's.
 */
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
      workerData: { nice: process.platform === 'linux' ? config.documentRenderNice : 0 } satisfies RenderWorkerData,
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
