import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { JobRunner } from './job-runner.js';

/** How often an instance looks whether a periodic task is due. */
const LOOK_EVERY_MS = 30_000;
/** A task's run holds it this long; a crashed instance's run is taken over after it. */
const LEASE_MS = 10 * 60_000;

/**
 * Periodic tasks (clean-ups) that run once per period across all instances: the instance that
 * claims the task's row when it is due runs it and sets its next time.
 */
@Injectable()
export class ScheduledTasks {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobRunner,
    private readonly clock: Clock,
  ) {}

  every(name: string, periodMs: number, task: () => Promise<unknown>): void {
    this.jobs.register({
      name: `task:${name}`,
      everyMs: Math.min(LOOK_EVERY_MS, periodMs),
      run: async () => {
        if (!(await this.claim(name))) return 0;
        try {
          await task();
        } finally {
          const now = this.clock.now();
          await this.dataSource.query(`UPDATE scheduled_tasks SET next_run_at = $2, locked_until = NULL WHERE name = $1`, [name, new Date(now.getTime() + periodMs)]);
        }
        return 0;
      },
    });
  }

  /** The task is due and no other instance holds it: this one does (one statement, so two cannot both claim it). */
  private async claim(name: string): Promise<boolean> {
    const now = this.clock.now();
    const rows = (await this.dataSource.query(
      `INSERT INTO scheduled_tasks (name, next_run_at, locked_until) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET locked_until = EXCLUDED.locked_until
         WHERE scheduled_tasks.next_run_at <= $2 AND (scheduled_tasks.locked_until IS NULL OR scheduled_tasks.locked_until < $2)
       RETURNING name`,
      [name, now, new Date(now.getTime() + LEASE_MS)],
    )) as unknown[];
    return rows.length > 0;
  }
}
