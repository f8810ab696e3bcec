import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '../identity/identity.module.js';
import { OrderPartyEntity } from './entities/order-party.entity.js';
import { OrderEntity } from './entities/order.entity.js';
import { OrdersController } from './orders.controller.js';
import { OrdersRepository } from './orders.repository.js';
import { OrdersService } from './orders.service.js';
import { RemovalAccountabilityController } from './removal-accountability.controller.js';

/** Orders as their parties read them: the row, its parties, the lists. */
@Module({
  imports: [TypeOrmModule.forFeature([OrderEntity, OrderPartyEntity]), IdentityModule],
  controllers: [OrdersController, RemovalAccountabilityController],
  providers: [OrdersRepository, OrdersService],
  exports: [OrdersRepository, OrdersService],
})
export class OrdersModule {}
