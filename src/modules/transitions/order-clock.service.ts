import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { clockWork } from '../../../libs/domain/order-events.js';
import { Clock } from '../../common/clock.js';
import { IdempotencyService } from '../../common/idempotency/idempotency.service.js';
import { AppConfig } from '../../config/app-config.js';
import { returning } from '../../database/returning.js';
import { EventBus } from '../events/event-bus.js';
import { dataOf, EventsRepository } from '../events/events.repository.js';
import { EvidenceSweeper } from '../evidence/evidence-sweeper.js';
import { JobRunner } from '../jobs/job-runner.js';
import { ScheduledTasks } from '../jobs/scheduled-tasks.js';
import { OrderEntity } from '../orders/entities/order.entity.js';
import { stateOf } from '../orders/orders.mapper.js';
import { StepRunner } from './step-runner.js';

/** The clock job holds an order this long while it works on it. */
const LEASE_MS = 60_000;
/** An order the job failed on is looked at again after this. */
const RETRY_MS = 60_000;
const BATCH = 50;
const HOUR = 3_600_000;

/**
 * The exchange's own clock, as a job on the orders' next clock time (libs/domain/order-events.ts):
 * each due order is claimed with SKIP LOCKED (once, whatever the number of instances) and handled
 * on its own: the exchange's own step when one is due (an expired preservation, a lapsed ex-post
 * validation), then the reminders and overdue events passed, each sent once (the marks are kept on
 * the order). One order that fails is logged and looked at again later; it never stops the others.
 * Steps also run the clock of the order they touch first, so a late job never lets a dead order be
 * acted on. Clean-ups (abandoned uploads, idempotency answers older than a day) run hourly, once
 * across instances.
 */
@Injectable()
export class OrderClockService implements OnModuleInit {
  private readonly logger = new Logger('OrderClock');

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly steps: StepRunner,
    private readonly events: EventsRepository,
    private readonly bus: EventBus,
    private readonly jobs: JobRunner,
    private readonly tasks: ScheduledTasks,
    private readonly uploads: EvidenceSweeper,
    private readonly idempotency: IdempotencyService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    // ORDER_CLOCK_INTERVAL_MS=0: the clock runs only when woken (the demo clock, tests).
    this.jobs.register({ name: 'orders:clock', everyMs: this.config.orderClockIntervalMs, run: () => this.runDue() });
    this.tasks.every('uploads:sweep', HOUR, () => this.uploads.sweep());
    this.tasks.every('idempotency:cleanup', HOUR, () => this.idempotency.removeExpired());
  }

  /** Every order whose clock is due now, until none is left; answers how many it handled. */
  async run(): Promise<number> {
    let handled = 0;
    for (;;) {
      const batch = await this.runDue();
      handled += batch;
      if (batch < BATCH) return handled;
    }
  }

  /** Wakes the job (the demo clock moved time). */
  wake(): void {
    this.jobs.wake('orders:clock');
  }

  /** One batch of due orders, each claimed under a lease. */
  private async runDue(): Promise<number> {
    const now = this.clock.now();
    const claimed = await returning<{ id: string }>(
      this.dataSource,
      `UPDATE orders SET clock_locked_until = $2
        WHERE id IN (SELECT id FROM orders WHERE next_clock_at <= $1 AND (clock_locked_until IS NULL OR clock_locked_until < $1)
                      ORDER BY next_clock_at LIMIT $3 FOR UPDATE SKIP LOCKED)
        RETURNING id`,
      [now, new Date(now.getTime() + LEASE_MS), BATCH],
    );
    for (const { id } of claimed) {
      try {
        await this.handle(id);
      } catch (error) {
        this.logger.error({ msg: 'order clock failed on one order', orderId: id, err: error });
        await this.dataSource.query(`UPDATE orders SET clock_locked_until = NULL, next_clock_at = $2 WHERE id = $1`, [id, new Date(this.clock.now().getTime() + RETRY_MS)]);
      }
    }
    return claimed.length;
  }

  private async handle(id: string): Promise<void> {
    // The exchange's own step first, when a clock ran out (its own transaction, its own events).
    await this.steps.runClockFor(id);
    let sent = 0;
    await this.dataSource.transaction(async (manager) => {
      const order = await manager.createQueryBuilder(OrderEntity, 'o').where('o.id = :id', { id }).setLock('pessimistic_write').getOne();
      if (!order) return;
      const now = this.clock.now();
      const work = clockWork(stateOf(order), order.clockMarks, now);
      for (const mark of work.send) await this.events.record(manager, mark.type, 'EVERY_PARTY', dataOf(order, now, undefined, mark.deadline), now);
      sent = work.send.length;
      // A step still due (another instance holds it, or it failed) is looked at again soon.
      const next = work.stepDue ? new Date(now.getTime() + RETRY_MS) : work.next;
      // Bookkeeping, not a change of the order: `updatedAt` (what `updatedSince` reads) stays.
      await manager.update(OrderEntity, { id }, { clockMarks: [...order.clockMarks, ...work.passed], nextClockAt: next, clockLockedUntil: null, updatedAt: order.updatedAt });
    });
    if (sent) this.bus.written();
  }
}
