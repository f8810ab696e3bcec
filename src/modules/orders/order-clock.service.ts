import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { AppConfig } from '../../config/app-config.js';
import { BLOB_STORE, type BlobStore } from './blob-store.js';
import { EvidenceUploadEntity } from './entities/evidence-upload.entity.js';
import { OrdersRepository } from './orders.repository.js';
import { OrdersService } from './orders.service.js';

/** A resumable upload nobody touched for this long is dropped. */
const ABANDONED_AFTER_MS = 7 * 24 * 3_600_000;

/**
 * The exchange's own clock: expires preservations past their end and withdraws emergency orders
 * whose ex-post validation lapsed, each as a step sealed by the exchange. Transitions also run
 * the clock of the order they touch first, so a late sweep never lets a dead order be acted on.
 */
@Injectable()
export class OrderClockService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OrderClock');
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly orders: OrdersRepository,
    private readonly ordersService: OrdersService,
    private readonly clock: Clock,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.orderClockIntervalMs <= 0) return;
    this.timer = setInterval(() => {
      this.run().catch((error: unknown) => this.logger.error({ msg: 'order clock failed', err: error }));
    }, this.config.orderClockIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One sweep; answers how many orders it moved. One run at a time per instance; row locks serialise instances. */
  run(): Promise<number> {
    this.running ??= this.sweep().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async sweep(): Promise<number> {
    let moved = 0;
    for (const { id } of await this.orders.clockCandidates()) {
      const acted = await this.dataSource.transaction(async (manager) => {
        const order = await this.orders.findForSystem(id, manager);
        return order ? this.ordersService.runClock(manager, order, this.clock.now()) : false;
      });
      if (acted) moved += 1;
    }
    await this.dropAbandonedUploads();
    return moved;
  }

  /**
   * Resumable uploads that can no longer finish (the order left the states that accept evidence)
   * or that nobody touched for a week: their part files and rows go.
   */
  private async dropAbandonedUploads(): Promise<void> {
    const cutoff = new Date(this.clock.now().getTime() - ABANDONED_AFTER_MS);
    const abandoned = (await this.dataSource.manager.query(
      `SELECT u.id FROM evidence_uploads u JOIN orders o ON o.id = u.order_id
        WHERE o.status NOT IN ('ISSUED', 'ACKNOWLEDGED') OR u.created_at < $1`,
      [cutoff],
    )) as { id: string }[];
    for (const { id } of abandoned) {
      await this.blobs.removePart(id);
      await this.dataSource.manager.delete(EvidenceUploadEntity, { id });
    }
    if (abandoned.length) this.logger.log({ msg: 'abandoned uploads dropped', count: abandoned.length });
  }
}
