import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { Principal } from '../../common/auth/principal.js';
import { toPrincipal } from '../identity/identity.mapper.js';
import { UsersRepository } from '../identity/users.repository.js';
import { JWT_SECRET, type JwtSecret } from './jwt-secret.js';
import { TOKEN_AUDIENCE, TOKEN_ISSUER, type AccessTokenClaims } from './token-claims.js';

/**
 * Verifies the bearer token, then loads the user afresh: a disabled account or a removed role
 * takes effect on the next request, not when the token expires (ASVS 8.3.2).
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(JWT_SECRET) secret: JwtSecret,
    private readonly users: UsersRepository,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: secret.value,
      algorithms: ['HS256'],
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      ignoreExpiration: false,
    });
  }

  async validate(claims: AccessTokenClaims): Promise<Principal | false> {
    const user = await this.users.findActiveById(claims.sub);
    if (!user || user.organisationId !== claims.org) return false;
    return toPrincipal(user);
  }
}
