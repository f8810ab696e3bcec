import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type EntitySubscriberInterface, type QueryRunner, type TransactionCommitEvent, type TransactionRollbackEvent } from 'typeorm';
import { LogSequencer } from './log-sequencer.service.js';

/** What the outbox keeps of a step (`log_pending.entry`): its hash, the log's entry. */
export function logOutboxEntry(stepHash: string): Buffer {
  return Buffer.from(stepHash, 'hex');
}

/**
 * The log's transactional outbox, as the ledger sees it: the ledger writes a step's outbox row
 * (`log_pending`, with `logOutboxEntry`) in the statement that appends the step, and says so with
 * `written`; once that transaction commits (a TypeORM transaction subscriber) this instance's
 * sequencer is woken, so a step is logged about 100 ms later, in one batch with the steps
 * committed meanwhile, not at the next poll. A rollback takes the row with it: nothing to undo.
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

  /** A step's outbox row was written in the transaction of `manager`: wake the sequencer when it commits. */
  written(manager: EntityManager): void {
    if (manager.queryRunner) this.committing.add(manager.queryRunner);
  }

  // Only schedules: the query runner still holds the connection here (the embedded database's only one).
  afterTransactionCommit(event: TransactionCommitEvent): void {
    if (this.committing.delete(event.queryRunner)) this.sequencer.wake();
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    this.committing.delete(event.queryRunner);
  }
}
