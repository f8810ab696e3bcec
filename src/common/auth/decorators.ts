import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { Role } from '../../../libs/domain/identity.js';
import type { Principal } from './principal.js';

export const IS_PUBLIC = 'evx:isPublic';
export const REQUIRED_ROLES = 'evx:requiredRoles';
export const OPEN_DURING_TOTP_ENROLMENT = 'evx:openDuringTotpEnrolment';

/** Opts a route out of the global authentication guard. Every other route needs a token. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** The caller needs at least one of these roles; object-level checks still happen in services. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_ROLES, roles);

/**
 * A route a person who must first enrol a second factor may still use (who am I, the enrolment
 * itself, renewing the token); every other one answers 403 `TOTP_ENROLMENT_REQUIRED`.
 */
export const OpenDuringTotpEnrolment = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(OPEN_DURING_TOTP_ENROLMENT, true), ApiExtension(OPENAPI_OPEN_DURING_TOTP_ENROLMENT, true));
/** The same mark in openapi.json, so the document tells these routes apart (and does not promise them that 403). */
export const OPENAPI_OPEN_DURING_TOTP_ENROLMENT = 'x-open-during-totp-enrolment';

export const CurrentPrincipal = createParamDecorator(
  (_: unknown, context: ExecutionContext): Principal => context.switchToHttp().getRequest<{ user: Principal }>().user,
);
