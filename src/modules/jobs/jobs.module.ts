import { Global, Module } from '@nestjs/common';
import { JobRunner } from './job-runner.js';
import { ScheduledTasks } from './scheduled-tasks.js';

/**
 * The exchange's own work queue, on PostgreSQL: each kind of work is claimed from its own table
 * (events to number, deliveries due, orders whose clock is due, periodic tasks) with SKIP LOCKED
 * and a lease, so it runs once whatever the number of instances, and the same code runs on the
 * embedded database. pg-boss 10 and graphile-worker 0.17 were measured and set aside (README).
 */
@Global()
@Module({
  providers: [JobRunner, ScheduledTasks],
  exports: [JobRunner, ScheduledTasks],
})
export class JobsModule {}
