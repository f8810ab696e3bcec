import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../common/openapi/api-problems.decorator.js';
import { AuthorityPageDto, AuthorityQueryDto } from './dto/organisation.dto.js';
import { IdentityService } from './identity.service.js';

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('authorities')
export class AuthoritiesController {
  constructor(private readonly identity: IdentityService) {}

  @Get()
  @ApiOperation({ summary: 'The directory of authorities, with their contacts: who validates, certifies, forwards or receives evidence (validatingAuthorityId, evidenceRecipientId)' })
  @ApiOkResponse({ type: AuthorityPageDto })
  @ApiProblems(400, 401)
  list(@Query() query: AuthorityQueryDto): Promise<AuthorityPageDto> {
    return this.identity.listAuthorities(query);
  }
}
