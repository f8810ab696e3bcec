import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { IdempotencyInterceptor } from '../../common/idempotency/idempotency.interceptor.js';
import { IdempotencyService } from '../../common/idempotency/idempotency.service.js';
import { IdentityModule } from '../identity/identity.module.js';
import { PkiModule } from '../pki/pki.module.js';
import { RoutingModule } from '../routing/routing.module.js';
import { AppConfig } from '../../config/app-config.js';
import { BLOB_STORE, FilesystemBlobStore } from './blob-store.js';
import { S3BlobStore } from './s3-blob-store.js';
import { BundleService } from './bundle.service.js';
import { DocumentsService } from './documents.service.js';
import { EvidenceRepository } from './evidence.repository.js';
import { EvidenceService } from './evidence.service.js';
import { OrderActionsService } from './order-actions.service.js';
import { OrderClockService } from './order-clock.service.js';
import { OrderStepsService } from './order-steps.service.js';
import { OrdersController } from './orders.controller.js';
import { OrdersRepository } from './orders.repository.js';
import { OrdersService } from './orders.service.js';
import { StepSigningService } from './step-signing.service.js';

/** Orders: the signed workflow from draft to closed (API.md "Orders"). */
@Module({
  imports: [IdentityModule, PkiModule, RoutingModule],
  controllers: [OrdersController],
  providers: [
    OrdersRepository,
    EvidenceRepository,
    StepSigningService,
    OrdersService,
    OrderActionsService,
    OrderStepsService,
    OrderClockService,
    EvidenceService,
    DocumentsService,
    BundleService,
    IdempotencyService,
    {
      provide: BLOB_STORE,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        const local = new FilesystemBlobStore(config);
        return config.blobStore.kind === 's3' ? new S3BlobStore(config.blobStore, local) : local;
      },
    },
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
  ],
  exports: [OrdersService, OrderClockService],
})
export class OrdersModule {}
