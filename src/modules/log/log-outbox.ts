import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntitySubscriberInterface, type QueryRunner, type TransactionCommitEvent, type TransactionRollbackEvent } from 'typeorm';
import type { CombinedStatement } from '../../database/combined-statement.js';
import { LogSequencer } from './log-sequencer.service.js';

/** What the outbox keeps of a step (`log_pending.entry`): its hash, the log's entry. */
export function logOutboxEntry(stepHash: string): Buffer {
  return Buffer.from(stepHash, 'hex');
}

/**
 * The log's transactional outbox, as the ledger sees it: the ledger writes a step's outbox row
 * (`log_pending`, with `logOutboxEntry`) in the statement that appends the step, and says so with
 * `written`; once that commits (the statement itself when it is its own transaction, else its
 * transaction, heard by a TypeORM transaction subscriber) this instance's sequencer is woken, so
 * a step is logged about 100 ms later, in one batch with the steps committed meanwhile, not at
 * the next poll. A rollback takes the row with it: nothing to undo.
 */
@Injectable()
export class LogOutbox implements EntitySubscriberInterface {
  private readonly committing = new WeakSet<QueryRunner>();

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly sequencer: LogSequencer,
  ) {
    dataSource.subscribers.push(this);
  }

  /** A step's outbox row is a part of `statement`: wake the sequencer when it commits. */
  written(statement: CombinedStatement): void {
    if (statement.alone) statement.afterRunAlone(() => this.sequencer.wake());
    else if (statement.manager.queryRunner) this.committing.add(statement.manager.queryRunner);
  }

  // Only schedules: the query runner still holds the connection here (the embedded database's only one).
  afterTransactionCommit(event: TransactionCommitEvent): void {
    if (this.committing.delete(event.queryRunner)) this.sequencer.wake();
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    this.committing.delete(event.queryRunner);
  }
}
