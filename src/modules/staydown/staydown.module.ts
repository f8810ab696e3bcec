import { Module } from '@nestjs/common';
import { StayDownController } from './stay-down.controller.js';
import { StayDownRepository } from './stay-down.repository.js';
import { StayDownService } from './stay-down.service.js';

/** Notice and stay down: the shared list of hashes of content removed under removal orders (Reg. 2021/784). */
@Module({
  controllers: [StayDownController],
  providers: [StayDownRepository, StayDownService],
  exports: [StayDownRepository, StayDownService],
})
export class StayDownModule {}
