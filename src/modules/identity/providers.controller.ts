import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../common/openapi/api-problems.decorator.js';
import { PageQueryDto } from '../../common/pagination.js';
import { ProviderPageDto } from './dto/organisation.dto.js';
import { IdentityService } from './identity.service.js';

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('providers')
export class ProvidersController {
  constructor(private readonly identity: IdentityService) {}

  @Get()
  @ApiOperation({ summary: 'The provider directory: establishments, languages and CGNAT flag' })
  @ApiOkResponse({ type: ProviderPageDto })
  @ApiProblems(400, 401)
  list(@Query() query: PageQueryDto): Promise<ProviderPageDto> {
    return this.identity.listProviders(query);
  }
}
