import { Controller, Get } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { removalAccountability } from '../../../libs/domain/removal-accountability.js';
import { CurrentPrincipal, Roles } from '../../common/auth/decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { Clock } from '../../common/clock.js';
import { ApiError } from '../../common/errors/api-error.js';
import { ApiProblems } from '../../common/openapi/api-problems.decorator.js';
import { OrderEntity } from './entities/order.entity.js';
import { stateOf } from './orders.mapper.js';

export class RemovalAccountabilityDto {
  @ApiProperty({ format: 'uuid' }) providerId: string;
  @ApiProperty({ description: 'Removal orders that reached the provider' }) received: number;
  @ApiProperty({ description: 'Removed or disabled within the hour of receipt (or of the end of an Annex III impediment)' }) executedWithinTheHour: number;
  @ApiProperty() executedLate: number;
  @ApiProperty({ description: 'Reported impossible (Annex III) and not executed since' }) impossible: number;
  @ApiProperty({ description: 'Revoked after the host State\'s scrutiny (Reg. 2021/784 Art 4)' }) revokedAfterScrutiny: number;
  @ApiProperty({ description: 'Awaited, within the hour' }) pending: number;
  @ApiProperty({ description: 'Awaited, past the hour' }) overdue: number;
  @ApiProperty({ format: 'date-time' }) asOf: string;
}

/**
 * A hosting provider's own record on removal orders (Reg. 2021/784): how many it received and how
 * it answered them. Counts only, over the orders addressed to the caller's own organisation.
 */
@ApiTags('orders')
@ApiBearerAuth()
@Controller('removal-orders')
export class RemovalAccountabilityController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  @Get('accountability')
  @Roles('RESPONDER', 'ORG_ADMIN')
  @ApiOperation({ summary: 'A provider\'s own record on removal orders: received, executed within the hour, late, impossible, revoked after scrutiny, pending, overdue' })
  @ApiOkResponse({ type: RemovalAccountabilityDto })
  @ApiProblems(401, 403)
  async accountability(@CurrentPrincipal() principal: Principal): Promise<RemovalAccountabilityDto> {
    if (principal.organisationKind !== 'PROVIDER') throw new ApiError('FORBIDDEN', 'Only a provider reads its own record on removal orders.');
    const now = this.clock.now();
    const orders = await this.dataSource.getRepository(OrderEntity).find({ where: { type: 'REMOVAL', providerId: principal.organisationId } });
    return { providerId: principal.organisationId, ...removalAccountability(orders.map(stateOf), now), asOf: now.toISOString() };
  }
}
