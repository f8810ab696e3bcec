import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type EntitySubscriberInterface, type QueryRunner, type TransactionCommitEvent, type TransactionRollbackEvent } from 'typeorm';
import { LogRepository } from './log.repository.js';
import { LogSequencer } from './log-sequencer.service.js';

/**
 * The log's transactional outbox, as the ledger sees it: `add` writes a step's outbox row in the
 * step's own transaction, and once that transaction commits (a TypeORM transaction subscriber)
 * this instance's sequencer is woken, so a step is logged about 100 ms later, in one batch with
 * the steps committed meanwhile, not at the next poll. A rollback takes the row with it: nothing
 * to undo.
 */
@Injectable()
export class LogOutbox implements EntitySubscriberInterface {
  private readonly committing = new WeakSet<QueryRunner>();

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly log: LogRepository,
    private readonly sequencer: LogSequencer,
  ) {
    dataSource.subscribers.push(this);
  }

  async add(manager: EntityManager, stepId: string, stepHash: string): Promise<void> {
    await this.log.enqueue(manager, stepId, stepHash);
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
