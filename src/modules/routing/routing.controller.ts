import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth/decorators.js';
import { ApiProblems } from '../../common/openapi/api-problems.decorator.js';
import { CatalogueDto } from './dto/catalogue.dto.js';
import { EvaluateRoutingDto } from './dto/evaluate-routing.dto.js';
import { RoutingResultDto } from './dto/routing-result.dto.js';
import { mapRoutingResult } from './routing.mapper.js';
import { RoutingService } from './routing.service.js';

@ApiTags('routing')
@ApiBearerAuth()
@ApiProblems(401)
@Controller('routing')
export class RoutingController {
  constructor(private readonly routing: RoutingService) {}

  @Get('instruments')
  @ApiOperation({ summary: 'The catalogue of legal instruments, with its version and effective dates' })
  @ApiOkResponse({ type: CatalogueDto })
  instruments(): CatalogueDto {
    return this.routing.instruments();
  }

  @Post('evaluate')
  @HttpCode(200)
  @Roles('OFFICER', 'VALIDATOR', 'PROSECUTOR')
  @ApiOperation({ summary: 'Which instrument routes an order to this provider, and why each other instrument does or does not apply' })
  @ApiOkResponse({ type: RoutingResultDto })
  @ApiProblems(400, 403, 404)
  async evaluate(@Body() body: EvaluateRoutingDto): Promise<RoutingResultDto> {
    return mapRoutingResult(await this.routing.evaluate(body));
  }
}
