import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../../common/auth/decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { Clock } from '../../common/clock.js';
import { ApiProblems } from '../../common/openapi/api-problems.decorator.js';
import { UuidParam } from '../../common/validation/uuid-param.js';
import { RemovalInformation } from './removal-information.js';

export class RemovalInformationDto {
  @ApiProperty({ format: 'uuid' }) providerId: string;
  @ApiProperty({ format: 'date-time', description: 'Its first removal order may be issued 12 hours later' }) informedAt: string;
}

@ApiTags('orders')
@ApiBearerAuth()
@Controller('providers')
export class RemovalInformationController {
  constructor(
    private readonly information: RemovalInformation,
    private readonly clock: Clock,
  ) {}

  @Post(':id/removal-information')
  @HttpCode(200)
  @Roles('OFFICER', 'PROSECUTOR', 'VALIDATOR')
  @ApiOperation({ summary: 'A competent authority records that it informed the provider of the procedures and deadlines of removal orders, 12 hours before its first one (Reg. 2021/784 Art 3(2))' })
  @ApiOkResponse({ type: RemovalInformationDto })
  @ApiProblems(401, 403, 404)
  inform(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<RemovalInformationDto> {
    return this.information.inform(principal, id, this.clock.now());
  }
}
