import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath, ApiExtraModels } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, Public } from '../../common/auth/decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { ApiProblems } from '../../common/openapi/api-problems.decorator.js';
import { PublicStatisticsQueryDto, StatisticsDto, StatisticsQueryDto } from './dto/statistics.dto.js';
import { StatisticsService, type StatisticsAnswer } from './statistics.service.js';

const CSV = 'text/csv; charset=utf-8';

/** JSON, or CSV when asked for by `?format=csv` or `Accept: text/csv`. */
function send(answer: StatisticsAnswer, reply: FastifyReply, format: string | undefined, accept: string | undefined, cacheControl: string): StatisticsDto | string {
  void reply.header('cache-control', cacheControl);
  const csv = format === 'csv' || (format === undefined && /\btext\/csv\b/.test(accept ?? ''));
  if (!csv) return answer.json;
  const { from, to } = answer.json.window;
  void reply.header('content-type', CSV).header('content-disposition', `attachment; filename="statistics-${from.slice(0, 10)}-${to.slice(0, 10)}.csv"`);
  return answer.csv();
}

const RESPONSE = {
  description: 'The figures, and the log checkpoint they were computed at (JSON), or the same as CSV',
  content: {
    'application/json': { schema: { $ref: getSchemaPath(StatisticsDto) } },
    [CSV]: { schema: { type: 'string', description: 'RFC 4180: a header, a total row (group ALL), one row per group; every row ends with the window and the checkpoint' } },
  },
};

/** Statistics from the signed record (Reg. 2023/1543 Art 28). */
@ApiTags('statistics')
@ApiExtraModels(StatisticsDto)
@Controller('statistics')
export class StatisticsController {
  constructor(private readonly statistics: StatisticsService) {}

  @Get()
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Your organisation\'s orders counted (authorities: those issued, or validated, or reviewed as enforcing authority; providers: those received): by type, data, issuing and enforcing State, instrument or addressee; outcomes, deadlines met and missed, time to answer without clarification pauses, emergencies, grounds for refusal. For providers\' transparency reports as CSV too',
  })
  @ApiProduces('application/json', CSV)
  @ApiHeader({ name: 'Accept', required: false, description: '`text/csv` for CSV' })
  @ApiOkResponse(RESPONSE)
  @ApiProblems(400, 401, 403)
  async mine(@CurrentPrincipal() principal: Principal, @Query() query: StatisticsQueryDto, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<StatisticsDto | string> {
    return send(await this.statistics.forOrganisation(principal, query), reply, query.format, accept, 'no-store');
  }

  @Get('public')
  @Public()
  @ApiOperation({
    summary:
      'The aggregates Art 28(2) asks of Member States, over every order on the exchange, by issuing and enforcing State or by instrument; no authentication. The window is widened to whole UTC days (`window` in the answer says which); 503 with Retry-After while too many other windows are being computed',
  })
  @ApiProduces('application/json', CSV)
  @ApiHeader({ name: 'Accept', required: false, description: '`text/csv` for CSV' })
  @ApiOkResponse(RESPONSE)
  @ApiProblems(400, 503)
  async public(@Query() query: PublicStatisticsQueryDto, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<StatisticsDto | string> {
    return send(await this.statistics.public(query), reply, query.format, accept, 'public, max-age=60');
  }
}
