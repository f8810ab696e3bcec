import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiError } from '../errors/api-error.js';
import { OPEN_DURING_TOTP_ENROLMENT } from './decorators.js';
import { mustEnrolSecondFactor, type Principal } from './principal.js';

/**
 * Global, right after authentication: a person whose organisation requires a second factor and
 * who has none is let in to enrol one and nothing else (routes marked @OpenDuringTotpEnrolment()).
 * Checked on every request, like the account itself, so a requirement switched on or a factor
 * reset takes effect at once, and a token issued for enrolment stays limited once it is done.
 */
@Injectable()
export class SecondFactorGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const principal = context.switchToHttp().getRequest<{ user?: Principal }>().user;
    if (!principal || !mustEnrolSecondFactor(principal)) return true;
    if (this.reflector.getAllAndOverride<boolean>(OPEN_DURING_TOTP_ENROLMENT, [context.getHandler(), context.getClass()])) return true;
    throw new ApiError(
      'TOTP_ENROLMENT_REQUIRED',
      principal.session?.enrolmentOnly && principal.totpEnabled
        ? 'This token was issued for enrolling a second factor only; sign in again with a code from your authenticator app.'
        : 'Your organisation requires a second factor: enrol one (POST /api/v1/me/totp, then /me/totp/confirm) before anything else.',
    );
  }
}
