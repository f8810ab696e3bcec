import { Body, Controller, Delete, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, OpenDuringTotpEnrolment } from '../../common/auth/decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { AnswerNeverStored } from '../../common/idempotency/idempotency-claim.js';
import { ApiProblems } from '../../common/openapi/api-problems.decorator.js';
import { AuthService } from './auth.service.js';
import { TokenDto } from './dto/login.dto.js';
import { StartTotpEnrolmentDto, TotpCodeDto, TotpEnrolmentDto } from './dto/second-factor.dto.js';
import { SecondFactorService } from './second-factor.service.js';

/** The caller's own second factor (TOTP, RFC 6238), open to a person who must enrol before anything else. */
@ApiTags('auth')
@ApiBearerAuth()
@ApiProblems(401)
@OpenDuringTotpEnrolment()
@AnswerNeverStored()
@Controller('me/totp')
export class SecondFactorController {
  constructor(
    private readonly secondFactor: SecondFactorService,
    private readonly auth: AuthService,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Start (or start again) the enrolment of a second factor: a new secret, shown this once',
    description: 'Replacing a factor that is enabled needs a current `code` from it (400 naming `code` without it, 422 `TOTP_CODE_REJECTED` for a wrong one); the old factor holds until the new one is confirmed.',
  })
  @ApiCreatedResponse({ type: TotpEnrolmentDto })
  @ApiProblems(400, 403, 422, 429)
  start(@CurrentPrincipal() principal: Principal, @Body() body: StartTotpEnrolmentDto): Promise<TotpEnrolmentDto> {
    return this.secondFactor.start(principal, body.code);
  }

  @Post('confirm')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Confirm the enrolment with the first code the app shows: the factor is enabled from now on',
    description: 'Answers a fresh token for the same session without the enrolment-only limit, so a person whose organisation requires a second factor goes on without signing in again. 422 `TOTP_CODE_REJECTED` (naming `code`) for a wrong code, 409 `TOTP_NO_ENROLMENT` when none was started.',
  })
  @ApiOkResponse({ type: TokenDto })
  @ApiProblems(400, 403, 409, 422, 429)
  confirm(@CurrentPrincipal() principal: Principal, @Body() body: TotpCodeDto): Promise<TokenDto> {
    return this.auth.confirmSecondFactor(principal, body.code);
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove the second factor, with a current code from it',
    description: '409 `TOTP_REQUIRED_BY_ORGANISATION` when the organisation requires one (the operator resets a lost one), 409 `TOTP_NOT_ENABLED` when there is none, 422 `TOTP_CODE_REJECTED` (naming `code`) for a wrong code.',
  })
  @ApiNoContentResponse({ description: 'Removed: sign-in asks for the password only' })
  @ApiProblems(400, 403, 409, 422, 429)
  async disable(@CurrentPrincipal() principal: Principal, @Body() body: TotpCodeDto): Promise<void> {
    await this.secondFactor.disable(principal, body.code);
  }
}
