import { Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

const logger = new Logger('CombinedStatement');

/**
 * One SQL statement that several repositories write together: each adds a data-modifying part
 * (`WITH w1 AS (INSERT …)`), binding its values as it goes, and the statement may end with a
 * read. A step's writes go to the database this way, in one round trip instead of one each.
 *
 * Why: on a server every round trip wakes a backend on the same few cores and waits for it (the
 * largest share of a step's time on the event loop, measured), and on the embedded database every
 * statement waits for its turn on the one connection. A step's writes do not read one another, so
 * nothing is lost by sending them together.
 *
 * What a part may not do: PostgreSQL runs every part exactly once, to completion, and all of them
 * on the snapshot the statement started with. A part therefore never sees the rows another part
 * writes, nor does the closing read. Whatever must read a write (the events of a step read the
 * order's parties as the step left them) needs that write in an earlier statement of the
 * transaction. Two parts may not change the same row either.
 *
 * The text is the same for the same parts in the same order, so it is prepared like any other
 * (prepared-statements.ts): a step has a handful of shapes.
 */
export class CombinedStatement {
  private readonly parts: string[] = [];
  private readonly values: unknown[] = [];
  private readonly committed: (() => void)[] = [];

  constructor(readonly manager: EntityManager) {}

  /** Whether the statement is a transaction of its own: no transaction is open on its manager. */
  get alone(): boolean {
    return !this.manager.queryRunner?.isTransactionActive;
  }

  /**
   * Calls `callback` once the statement has run, when it is a transaction of its own (`alone`), so
   * committed. In a transaction, whoever needs to hear of the commit watches the transaction.
   */
  afterRunAlone(callback: () => void): void {
    if (!this.alone) throw new Error('a statement in a transaction is committed with it: watch the transaction');
    this.committed.push(callback);
  }

  /** The placeholder of one more parameter (`$n`). */
  bind(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  /** A part. Its name is made here (`w1`, `w2`, …), so that none hides a table another part reads. */
  with(sql: string): void {
    this.parts.push(`w${this.parts.length + 1} AS (${sql})`);
  }

  /** Runs the parts and `read` as one statement (its rows are the answer): in the manager's transaction, or as one of its own. */
  async run<T = never>(read = 'SELECT 1'): Promise<T[]> {
    if (this.parts.length === 0) throw new Error('a combined statement needs at least one part');
    const alone = this.alone;
    const rows = (await this.manager.query(`WITH ${this.parts.join(',\n')}\n${read}`, this.values)) as T[];
    // The writes are committed: a callback that fails must not make them look undone.
    for (const callback of alone ? this.committed : []) {
      try {
        callback();
      } catch (error) {
        logger.error({ msg: 'a callback after a committed statement failed', err: error });
      }
    }
    return rows;
  }
}
