import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth/decorators.js';
import { validationError } from '../../common/errors/api-error.js';
import { ApiProblems } from '../../common/openapi/api-problems.decorator.js';
import { StayDownMatchesDto, StayDownMatchRequestDto } from './dto/stay-down.dto.js';
import { StayDownService } from './stay-down.service.js';

@ApiTags('stay-down')
@ApiBearerAuth()
@Controller('stay-down')
export class StayDownController {
  constructor(private readonly staydown: StayDownService) {}

  @Post('match')
  @HttpCode(200)
  @Roles('RESPONDER')
  @ApiOperation({ summary: 'Notice and stay down: does this content match content removed under a removal order? Hashes only, never content (SHA-256 exact, PDQ within distance 31)' })
  @ApiOkResponse({ type: StayDownMatchesDto })
  @ApiProblems(400, 401, 403)
  async match(@Body() body: StayDownMatchRequestDto): Promise<StayDownMatchesDto> {
    if (body.sha256 === undefined && body.pdq === undefined) throw validationError([{ field: 'sha256', message: 'send a SHA-256, a PDQ hash, or both' }]);
    return { matches: await this.staydown.match({ ...(body.sha256 ? { sha256: body.sha256.toLowerCase() } : {}), ...(body.pdq ? { pdq: body.pdq } : {}) }) };
  }
}
