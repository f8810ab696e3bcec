import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';

/** Work the exchange does by itself: each run claims what is due (SKIP LOCKED, leases) and answers how much it did. */
export interface Job {
  name: string;
  /** How often to look when idle (0: only when woken). */
  everyMs: number;
  run(): Promise<number>;
}

interface Running {
  job: Job;
  timer?: NodeJS.Timeout;
  running?: Promise<void>;
  again: boolean;
}

/**
 * The loop behind every job: run, run again at once while there is work, otherwise sleep until
 * the next look or until woken (a step that wrote events wakes the dispatcher in this process; other
 * instances find the work at their next look). Several instances run the same jobs: each job
 * claims its work so that every item is done once.
 */
@Injectable()
export class JobRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private readonly jobs = new Map<string, Running>();
  private started = false;
  private stopped = false;

  register(job: Job): void {
    this.jobs.set(job.name, { job, again: false });
    if (this.started) this.schedule(this.jobs.get(job.name)!, 0);
  }

  /** Runs the job now (or right after its current run). */
  wake(name: string): void {
    const entry = this.jobs.get(name);
    if (!entry || this.stopped || !this.started) return;
    if (entry.running) entry.again = true;
    else this.schedule(entry, 0);
  }

  onApplicationBootstrap(): void {
    this.started = true;
    for (const entry of this.jobs.values()) if (entry.job.everyMs > 0) this.schedule(entry, 0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const entry of this.jobs.values()) clearTimeout(entry.timer);
    await Promise.all([...this.jobs.values()].map((entry) => entry.running));
  }

  private schedule(entry: Running, delay: number): void {
    if (this.stopped) return;
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => void this.tick(entry), delay);
    entry.timer.unref();
  }

  private async tick(entry: Running): Promise<void> {
    if (entry.running || this.stopped) return;
    entry.again = false;
    let done = 0;
    entry.running = (async () => {
      try {
        done = await entry.job.run();
      } catch (error) {
        this.logger.error({ msg: 'job failed', job: entry.job.name, err: error });
      }
    })();
    await entry.running;
    entry.running = undefined;
    if (done > 0 || entry.again) this.schedule(entry, 0);
    else if (entry.job.everyMs > 0) this.schedule(entry, entry.job.everyMs);
  }
}
