import { Module } from '@nestjs/common';
import { PkiModule } from '../pki/pki.module.js';
import { LogController } from './log.controller.js';
import { LogOutbox } from './log-outbox.js';
import { LogProofs } from './log-proofs.service.js';
import { LogRepository } from './log.repository.js';
import { LogSequencer } from './log-sequencer.service.js';
import { LogTiles } from './log-tiles.service.js';
import { LogWitnesses } from './log-witnesses.service.js';

/**
 * The public transparency log of every signed step (docs/transparency-log.md): the outbox the
 * ledger writes, the sequencer, C2SP checkpoints and tiles, witnesses, and the proofs bundles carry.
 */
@Module({
  imports: [PkiModule],
  controllers: [LogController],
  providers: [LogRepository, LogOutbox, LogSequencer, LogTiles, LogWitnesses, LogProofs],
  exports: [LogOutbox, LogSequencer, LogProofs, LogRepository],
})
export class LogModule {}
