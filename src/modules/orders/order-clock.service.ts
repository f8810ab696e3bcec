import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { AppConfig } from '../../config/app-config.js';
import { OrdersRepository } from './orders.repository.js';
import { OrdersService } from './orders.service.js';

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
    return moved;
  }
}
