import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../../common/auth/decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { ApiProblems } from '../../common/openapi/api-problems.decorator.js';
import { UuidParam } from '../../common/validation/uuid-param.js';
import { CertifiedAccountsService } from './certified-accounts.service.js';
import { CertifiedAccountDto, CertifiedAccountListDto, CertifiedAccountQueryDto, CreateCertifiedAccountDto } from './dto/certified-account.dto.js';

/** The white list of certified counter-narrative accounts (action plan of 13 June 2017, point 2). */
@ApiTags('certified-accounts')
@ApiBearerAuth()
@Controller('certified-accounts')
export class CertifiedAccountsController {
  constructor(private readonly accounts: CertifiedAccountsService) {}

  @Post()
  @HttpCode(201)
  @Roles('OPERATOR')
  @ApiOperation({ summary: 'Certify an account on a provider\'s service, on an authority\'s recommendation: removal orders naming it are refused unless the issuer overrides' })
  @ApiCreatedResponse({ type: CertifiedAccountDto })
  @ApiProblems(400, 401, 403, 409)
  certify(@CurrentPrincipal() principal: Principal, @Body() body: CreateCertifiedAccountDto): Promise<CertifiedAccountDto> {
    return this.accounts.certify(principal, body);
  }

  @Get()
  @ApiOperation({
    summary: 'Look up a certified account: any signed-in user names the account (providerId and handle, both required); the operator may list the white list (either or neither)',
  })
  @ApiOkResponse({ type: CertifiedAccountListDto })
  @ApiProblems(400, 401)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: CertifiedAccountQueryDto): Promise<CertifiedAccountListDto> {
    return { items: await this.accounts.list(principal, query) };
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('OPERATOR')
  @ApiOperation({ summary: 'Withdraw a certification' })
  @ApiNoContentResponse()
  @ApiProblems(401, 403, 404)
  async remove(@UuidParam('id') id: string): Promise<void> {
    await this.accounts.remove(id);
  }
}
