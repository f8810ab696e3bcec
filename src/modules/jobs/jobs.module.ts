import { Global, Module } from '@nestjs/common';
import { EmbeddedVacuum } from './embedded-vacuum.js';
import { JobRunner } from './job-runner.js';
import { ScheduledTasks } from './scheduled-tasks.js';

/**
 * The exchange's own work queue, on PostgreSQL: each kind of work is claimed from its own table
 * (events to number, deliveries due, orders whose clock is due, periodic tasks) with SKIP LOCKED
 * and a lease, so it runs once whatever the number of instances, and the same code runs on the
 * embedded database, which also gets a vacuum job of its own (EmbeddedVacuum). pg-boss 10 and
 * graphile-worker 0.17 were measured and set aside (README).
 */
@Global()
@Module({
  providers: [JobRunner, ScheduledTasks, EmbeddedVacuum],
  exports: [JobRunner, ScheduledTasks],
})
export class JobsModule {}
