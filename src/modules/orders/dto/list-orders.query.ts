import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ORDER_TYPES, type OrderType } from '../../../../libs/domain/data-categories.js';
import { ORDER_STATUSES, type OrderStatus } from '../../../../libs/domain/order-lifecycle.js';
import { PageQueryDto } from '../../../common/pagination.js';
import { IsUtcTimestamp } from '../../../common/validation/validators.js';

export class ListOrdersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ORDER_STATUSES })
  @IsOptional() @IsIn(ORDER_STATUSES)
  status?: OrderStatus;

  @ApiPropertyOptional({ enum: ORDER_TYPES })
  @IsOptional() @IsIn(ORDER_TYPES)
  type?: OrderType;

  @ApiPropertyOptional({ enum: ['inbox', 'outbox'], description: 'outbox: orders your organisation issues; inbox: orders it receives, validates, reviews or collects evidence for' })
  @IsOptional() @IsIn(['inbox', 'outbox'])
  box?: 'inbox' | 'outbox';

  @ApiPropertyOptional({ example: '2026-09-01T10:15:30Z', description: 'Only orders changed after this instant (a step, a clock step): poll with the time of your last look' })
  @IsOptional() @IsUtcTimestamp()
  updatedSince?: string;
}
