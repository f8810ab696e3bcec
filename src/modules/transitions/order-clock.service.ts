import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { IdempotencyService } from '../../common/idempotency/idempotency.service.js';
import { AppConfig } from '../../config/app-config.js';
import { EvidenceSweeper } from '../evidence/evidence-sweeper.js';
import { OrdersRepository } from '../orders/orders.repository.js';
import { StepRunner } from './step-runner.js';

/**
 * The exchange's own clock: every ORDER_CLOCK_INTERVAL_MS it expires preservations past their end
 * and withdraws emergency orders whose ex-post validation lapsed (each a step sealed by the
 * exchange, each order in its own transaction: one failure never stops the others), drops
 * abandoned uploads and forgets idempotency answers older than a day. Steps also run the clock of
 * the order they touch first, so a late sweep never lets a dead order be acted on.
 */
@Injectable()
export class OrderClockService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OrderClock');
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly orders: OrdersRepository,
    private readonly steps: StepRunner,
    private readonly uploads: EvidenceSweeper,
    private readonly idempotency: IdempotencyService,
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
      try {
        if (await this.steps.runClockFor(id)) moved += 1;
      } catch (error) {
        this.logger.error({ msg: 'order clock failed on one order', orderId: id, err: error });
      }
    }
    await this.uploads.sweep();
    await this.idempotency.removeExpired();
    return moved;
  }
}
