import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '../identity/identity.module.js';
import { LogModule } from '../log/log.module.js';
import { OrdersModule } from '../orders/orders.module.js';
import { PkiModule } from '../pki/pki.module.js';
import { OrderStepEntity } from './entities/order-step.entity.js';
import { LedgerRepository } from './ledger.repository.js';
import { StepSigningService } from './step-signing.service.js';
import { StepsController } from './steps.controller.js';
import { StepsService } from './steps.service.js';

/** The signed steps: signing intents, sealing and timestamping steps, storing and checking the chain. */
@Module({
  imports: [TypeOrmModule.forFeature([OrderStepEntity]), OrdersModule, PkiModule, IdentityModule, LogModule],
  controllers: [StepsController],
  providers: [LedgerRepository, StepSigningService, StepsService],
  exports: [LedgerRepository, StepSigningService],
})
export class LedgerModule {}
