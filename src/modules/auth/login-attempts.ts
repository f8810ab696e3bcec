import type { DataSource } from 'typeorm';

/** Attempts are counted in windows of one minute from a key's first attempt. */
export const LOGIN_WINDOW_MS = 60_000;

export interface WindowCount {
  attempts: number;
  windowStart: Date;
}

/** Where login attempts are counted; keys are SHA-256 digests (32 bytes), never the e-mail itself. */
export abstract class LoginAttemptStore {
  /** Counts one attempt under `key` at `now`: the attempts of its current window, this one included. */
  abstract hit(key: Buffer, now: Date): Promise<WindowCount>;
}

/**
 * One instance's counts in memory, at most `capacity` keys: the least recently used key goes
 * first, so strangers cannot grow it (10,000 keys take about 2 MB). Evicting a key forgets its
 * count; reaching that needs `capacity` fresh keys within a minute, and one client address gets
 * at most ten times the login limit of them (see the guard).
 */
export class MemoryLoginAttempts extends LoginAttemptStore {
  private readonly windows = new Map<string, { start: number; attempts: number }>();

  constructor(private readonly capacity = 10_000) {
    super();
  }

  get size(): number {
    return this.windows.size;
  }

  async hit(key: Buffer, now: Date): Promise<WindowCount> {
    const id = key.toString('base64');
    const at = now.getTime();
    let window = this.windows.get(id);
    if (window) this.windows.delete(id);
    if (!window || at - window.start >= LOGIN_WINDOW_MS) window = { start: at, attempts: 0 };
    window.attempts += 1;
    this.windows.set(id, window);
    if (this.windows.size > this.capacity) this.windows.delete(this.windows.keys().next().value!);
    return { attempts: window.attempts, windowStart: new Date(window.start) };
  }
}

const HIT = `
  INSERT INTO login_attempts AS a (key, window_start, attempts) VALUES ($1, $2, 1)
  ON CONFLICT (key) DO UPDATE SET
    attempts = CASE WHEN a.window_start > $2::timestamptz - $3 * interval '1 millisecond' THEN a.attempts + 1 ELSE 1 END,
    window_start = CASE WHEN a.window_start > $2::timestamptz - $3 * interval '1 millisecond' THEN a.window_start ELSE $2::timestamptz END
  RETURNING attempts, window_start`;

/**
 * Counts shared by every instance on one PostgreSQL server: one upsert per attempt, atomic
 * under concurrency (the row lock of ON CONFLICT). Ended windows are deleted at most once a
 * minute per instance, so the table holds about a minute of keys.
 */
export class PostgresLoginAttempts extends LoginAttemptStore {
  private lastSweep = 0;

  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async hit(key: Buffer, now: Date): Promise<WindowCount> {
    const [row] = (await this.dataSource.query(HIT, [key, now, LOGIN_WINDOW_MS])) as { attempts: number; window_start: Date }[];
    if (now.getTime() - this.lastSweep >= LOGIN_WINDOW_MS) {
      this.lastSweep = now.getTime();
      await this.dataSource.query('DELETE FROM login_attempts WHERE window_start <= $1', [new Date(now.getTime() - LOGIN_WINDOW_MS)]);
    }
    return { attempts: row.attempts, windowStart: new Date(row.window_start) };
  }
}
