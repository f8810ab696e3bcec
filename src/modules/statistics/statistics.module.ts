import { Module } from '@nestjs/common';
import { LogModule } from '../log/log.module.js';
import { PkiModule } from '../pki/pki.module.js';
import { StatisticsController } from './statistics.controller.js';
import { StatisticsRepository } from './statistics.repository.js';
import { StatisticsService } from './statistics.service.js';

/** Statistics from the record (Reg. 2023/1543 Art 28), at a checkpoint of the transparency log. */
@Module({
  imports: [LogModule, PkiModule],
  controllers: [StatisticsController],
  providers: [StatisticsRepository, StatisticsService],
})
export class StatisticsModule {}
