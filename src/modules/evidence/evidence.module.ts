import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrdersModule } from '../orders/orders.module.js';
import { PkiModule } from '../pki/pki.module.js';
import { StorageModule } from '../storage/storage.module.js';
import { EvidenceUploadEntity } from './entities/evidence-upload.entity.js';
import { EvidenceEntity } from './entities/evidence.entity.js';
import { EvidenceController } from './evidence.controller.js';
import { EvidenceRepository } from './evidence.repository.js';
import { EvidenceService } from './evidence.service.js';
import { EvidenceSweeper } from './evidence-sweeper.js';

/** Evidence providers deliver: one-shot and resumable uploads, room reserved per order, encryption to the recipient. */
@Module({
  imports: [TypeOrmModule.forFeature([EvidenceEntity, EvidenceUploadEntity]), OrdersModule, PkiModule, StorageModule],
  controllers: [EvidenceController],
  providers: [EvidenceRepository, EvidenceService, EvidenceSweeper],
  exports: [EvidenceRepository, EvidenceSweeper],
})
export class EvidenceModule {}
