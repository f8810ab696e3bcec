import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, OpenDuringTotpEnrolment } from '../../common/auth/decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { ApiProblems } from '../../common/openapi/api-problems.decorator.js';
import { MeDto } from './dto/user.dto.js';
import { IdentityService } from './identity.service.js';

@ApiTags('auth')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(private readonly identity: IdentityService) {}

  @Get()
  @OpenDuringTotpEnrolment()
  @ApiOperation({ summary: 'The caller and their organisation, with their second factor and whether they must enrol one before anything else' })
  @ApiOkResponse({ type: MeDto })
  @ApiProblems(401)
  me(@CurrentPrincipal() principal: Principal): Promise<MeDto> {
    return this.identity.me(principal);
  }
}
