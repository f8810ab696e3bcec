import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../../common/auth/decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { validationError } from '../../common/errors/api-error.js';
import { ApiProblems } from '../../common/openapi/api-problems.decorator.js';
import { UuidParam } from '../../common/validation/uuid-param.js';
import { CertificateDto, CertificateListDto, IssueCertificateDto, RevokeCertificateDto } from './dto/certificate.dto.js';
import { OrganisationCertificatesService } from './organisation-certificates.service.js';

@ApiTags('certificates')
@ApiBearerAuth()
@ApiProblems(401)
@Controller('organisations/:id/certificates')
export class OrganisationCertificatesController {
  constructor(private readonly certificates: OrganisationCertificatesService) {}

  @Post()
  @HttpCode(201)
  @Roles('OPERATOR', 'ORG_ADMIN')
  @ApiOperation({ summary: 'Issue a certificate from a CSR, or custodially (the exchange keeps the key)' })
  @ApiCreatedResponse({ type: CertificateDto })
  @ApiProblems(400, 403, 404, 409)
  issue(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string, @Body() body: IssueCertificateDto): Promise<CertificateDto> {
    return this.certificates.issue(principal, id, body);
  }

  @Get()
  @ApiOperation({ summary: 'The organisation\'s certificates, to its members and the operator' })
  @ApiOkResponse({ type: CertificateListDto })
  @ApiProblems(400, 404)
  list(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<CertificateListDto> {
    return this.certificates.list(principal, id);
  }

  @Post(':serial/revoke')
  @HttpCode(200)
  @Roles('OPERATOR', 'ORG_ADMIN')
  @ApiOperation({ summary: 'Revoke a certificate; it stops working on the next request and appears on the CRL' })
  @ApiParam({ name: 'serial', description: 'Serial number, hexadecimal' })
  @ApiOkResponse({ type: CertificateDto })
  @ApiProblems(400, 403, 404, 409)
  revoke(
    @CurrentPrincipal() principal: Principal,
    @UuidParam('id') id: string,
    @Param('serial') serial: string,
    @Body() body: RevokeCertificateDto,
  ): Promise<CertificateDto> {
    if (!/^[0-9a-fA-F]{1,64}$/.test(serial)) throw validationError([{ field: 'serial', message: 'must be a hexadecimal serial number' }]);
    return this.certificates.revoke(principal, id, serial, body);
  }
}
