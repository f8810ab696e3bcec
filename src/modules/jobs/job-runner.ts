import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';

/** Work the exchange does by itself: each run claims what is due (SKIP LOCKED, leases) and answers how much it did. */
export interface Job {
  name: string;
  /** How often to look when idle (0: only when woken). */
  everyMs: number;
  /**
   * How long a wake-up waits before the run (and a run that found work before the next), so the
   * steps committing meanwhile share one run. Without it, under load, a job woken by every step
   * runs back to back and takes a share of the embedded database's one connection per step.
   */
  gatherMs?: number;
  /** Runs once as the app starts, in the background (besides every `everyMs` and when woken). */
  atStart?: boolean;
  run(): Promise<number>;
}

interface Running {
  job: Job;
  timer?: NodeJS.Timeout;
  /** When the timer fires (Infinity: none set). */
  due: number;
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
export class JobRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private readonly jobs = new Map<string, Running>();
  private started = false;
  private stopped = false;

  register(job: Job): void {
    this.jobs.set(job.name, { job, again: false, due: Infinity });
    if (this.started && (job.everyMs > 0 || job.atStart)) this.schedule(this.jobs.get(job.name)!, 0);
  }

  /** Whether a job of this name runs in this process (the embedded database's vacuum does not on a server). */
  isRegistered(name: string): boolean {
    return this.jobs.has(name);
  }

  /** Runs the job now (or right after its current run). */
  wake(name: string): void {
    const entry = this.jobs.get(name);
    if (!entry || this.stopped || !this.started) return;
    if (entry.running) entry.again = true;
    else this.schedule(entry, entry.job.gatherMs ?? 0);
  }

  onApplicationBootstrap(): void {
    this.started = true;
    for (const entry of this.jobs.values()) if (entry.job.everyMs > 0 || entry.job.atStart) this.schedule(entry, 0);
  }

  /**
   * Stops and waits for the runs under way. This must happen before any `onApplicationShutdown`:
   * there the TypeORM module ends the database pool, and node-postgres never answers a client still
   * waiting for a connection of an ended pool, so a run waiting for the embedded database's one
   * connection at that moment would keep the app's shutdown waiting for ever.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const entry of this.jobs.values()) clearTimeout(entry.timer);
    await Promise.all([...this.jobs.values()].map((entry) => entry.running));
  }

  /** Runs the job after `delay`, unless it is already due sooner. */
  private schedule(entry: Running, delay: number): void {
    if (this.stopped) return;
    const at = Date.now() + delay;
    if (at >= entry.due) return;
    clearTimeout(entry.timer);
    entry.due = at;
    entry.timer = setTimeout(() => void this.tick(entry), delay);
    entry.timer.unref();
  }

  private async tick(entry: Running): Promise<void> {
    entry.due = Infinity;
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
    if (done > 0 || entry.again) this.schedule(entry, entry.job.gatherMs ?? 0);
    else if (entry.job.everyMs > 0) this.schedule(entry, entry.job.everyMs);
  }
}
