import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '../../../libs/domain/identity.js';
import { ApiError } from '../errors/api-error.js';
import { REQUIRED_ROLES } from './decorators.js';
import type { Principal } from './principal.js';

/** Global, after authentication: enforces `@Roles(...)` where a route declares it. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, [context.getHandler(), context.getClass()]);
    if (!required || required.length === 0) return true;
    const principal = context.switchToHttp().getRequest<{ user?: Principal }>().user;
    if (principal && required.some((role) => principal.roles.includes(role))) return true;
    throw new ApiError('FORBIDDEN', `This action needs one of the roles ${required.join(', ')}.`);
  }
}
