import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../common/auth/decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { ApiProblems } from '../../common/openapi/api-problems.decorator.js';
import { UuidParam } from '../../common/validation/uuid-param.js';
import { StepListDto, VerificationDto } from './dto/step.dto.js';
import { StepsService } from './steps.service.js';

@ApiTags('orders')
@ApiBearerAuth()
@ApiProblems(401)
@Controller('orders')
export class StepsController {
  constructor(private readonly steps: StepsService) {}

  @Get(':id/steps')
  @ApiOperation({ summary: 'The signed chain of steps: each intent signed by the acting organisation, sealed and timestamped by the exchange' })
  @ApiOkResponse({ type: StepListDto })
  @ApiProblems(400, 404)
  list(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<StepListDto> {
    return this.steps.list(principal, id);
  }

  @Get(':id/verification')
  @ApiOperation({ summary: 'Every signature, seal, timestamp and link of the chain, recomputed from the stored bytes' })
  @ApiOkResponse({ type: VerificationDto })
  @ApiProblems(400, 404)
  verification(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<VerificationDto> {
    return this.steps.verify(principal, id);
  }
}
