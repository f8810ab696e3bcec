import { Controller, Get, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../common/auth/decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { ApiProblems } from '../../common/openapi/api-problems.decorator.js';
import { UuidParam } from '../../common/validation/uuid-param.js';
import { BundleService } from './bundle.service.js';

@ApiTags('orders')
@ApiBearerAuth()
@ApiProblems(401)
@Controller('orders')
export class BundleController {
  constructor(private readonly bundles: BundleService) {}

  @Get(':id/bundle')
  @ApiOperation({
    summary:
      'The evidence bundle (issuing authority, evidence recipient): an ASiC-E zip with the evidence, documents, signed steps, CA, CRL and a CAdES signature over its manifest; check it offline with the single-file verifier (GET /api/v1/tools/evx-verify.mjs)',
  })
  @ApiProduces('application/zip')
  @ApiOkResponse({ description: 'ASiC-E container (zip), streamed', schema: { type: 'string', format: 'binary' } })
  @ApiProblems(400, 403, 404, 409)
  async bundle(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<StreamableFile> {
    const bundle = await this.bundles.open(principal, id);
    return new StreamableFile(bundle.stream, { type: 'application/zip', disposition: `attachment; filename="${bundle.filename}"` });
  }
}
