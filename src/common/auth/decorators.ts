import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Role } from '../../../libs/domain/identity.js';
import type { Principal } from './principal.js';

export const IS_PUBLIC = 'evx:isPublic';
export const REQUIRED_ROLES = 'evx:requiredRoles';

/** Opts a route out of the global authentication guard. Every other route needs a token. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** The caller needs at least one of these roles; object-level checks still happen in services. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_ROLES, roles);

export const CurrentPrincipal = createParamDecorator(
  (_: unknown, context: ExecutionContext): Principal => context.switchToHttp().getRequest<{ user: Principal }>().user,
);
