import { Module } from '@nestjs/common';
import { EvidenceModule } from '../evidence/evidence.module.js';
import { LedgerModule } from '../ledger/ledger.module.js';
import { LogModule } from '../log/log.module.js';
import { OrdersModule } from '../orders/orders.module.js';
import { PkiModule } from '../pki/pki.module.js';
import { StorageModule } from '../storage/storage.module.js';
import { BundleController } from './bundle.controller.js';
import { BundleService } from './bundle.service.js';

/** The evidence bundle: an ASiC-E zip, streamed, that anyone can verify offline. */
@Module({
  imports: [OrdersModule, LedgerModule, LogModule, EvidenceModule, PkiModule, StorageModule],
  controllers: [BundleController],
  providers: [BundleService],
})
export class BundleModule {}
