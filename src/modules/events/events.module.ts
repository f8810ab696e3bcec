import { Module, type OnModuleInit } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module.js';
import { JobRunner } from '../jobs/job-runner.js';
import { EventBus } from './event-bus.js';
import { EventStream } from './event-stream.js';
import { EventsController } from './events.controller.js';
import { EventsRepository } from './events.repository.js';
import { WebhookSender } from './webhook-sender.js';
import { WebhooksController } from './webhooks.controller.js';
import { WebhooksService } from './webhooks.service.js';

/** Without a wake-up (work from another instance), the dispatcher and the deliveries look this often. */
const LOOK_EVERY_MS = 500;
/**
 * After a wake-up, the dispatcher and the deliveries wait this long so that the steps committing
 * meanwhile share a run (at 20 ms, a run of about a dozen statements served one or two steps under load).
 */
const GATHER_MS = 50;

/**
 * The exchange speaks first: events written in the steps' transactions (the outbox), numbered by
 * one dispatcher at a time, streamed (SSE) and delivered as signed webhooks.
 */
@Module({
  imports: [IdentityModule],
  controllers: [EventsController, WebhooksController],
  providers: [EventBus, EventsRepository, EventStream, WebhookSender, WebhooksService],
  exports: [EventBus, EventsRepository, WebhooksService],
})
export class EventsModule implements OnModuleInit {
  constructor(
    private readonly jobs: JobRunner,
    private readonly events: EventsRepository,
    private readonly webhooks: WebhooksService,
    private readonly bus: EventBus,
  ) {}

  onModuleInit(): void {
    this.jobs.register({
      name: 'events:dispatch',
      everyMs: LOOK_EVERY_MS,
      gatherMs: GATHER_MS,
      run: async () => {
        const { numbered, queued } = await this.events.dispatch(new Date());
        if (numbered > 0) this.bus.dispatched();
        // Deliveries look only when there is something to send: their claim is the costliest
        // statement of the events (a few milliseconds to plan on the embedded database), and most
        // events have no subscription. Deliveries queued by another instance wait for the next look.
        if (queued > 0) this.jobs.wake('webhooks:deliver');
        return numbered;
      },
    });
    this.jobs.register({ name: 'webhooks:deliver', everyMs: LOOK_EVERY_MS, gatherMs: GATHER_MS, run: () => this.webhooks.deliverDue() });
    this.bus.onWritten(() => this.jobs.wake('events:dispatch'));
    this.webhooks.onAttemptDone(() => this.jobs.wake('webhooks:deliver'));
  }
}
