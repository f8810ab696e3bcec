import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganisationEntity } from '../identity/entities/organisation.entity.js';
import { UserEntity } from '../identity/entities/user.entity.js';
import { LedgerModule } from '../ledger/ledger.module.js';
import { OrdersModule } from '../orders/orders.module.js';
import { PkiModule } from '../pki/pki.module.js';
import { StorageModule } from '../storage/storage.module.js';
import { DocumentsController } from './documents.controller.js';
import { DocumentsService } from './documents.service.js';
import { OrderDocumentEntity } from './entities/order-document.entity.js';
import { PdfRenderer } from './pdf-renderer.js';

/** Signed PDFs: made by steps in a worker pool, staged and committed with them, translated on demand. */
@Module({
  imports: [TypeOrmModule.forFeature([OrderDocumentEntity, OrganisationEntity, UserEntity]), OrdersModule, LedgerModule, PkiModule, StorageModule],
  controllers: [DocumentsController],
  providers: [DocumentsService, PdfRenderer],
  exports: [DocumentsService],
})
export class DocumentsModule {}
