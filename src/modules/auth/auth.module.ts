import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config.js';
import { IdentityModule } from '../identity/identity.module.js';
import { PkiModule } from '../pki/pki.module.js';
import { CertificateLoginService } from './certificate-login.service.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { JWT_SECRET, resolveJwtSecret, type JwtSecret } from './jwt-secret.js';
import { JwtStrategy } from './jwt.strategy.js';
import { LoginAttemptStore, MemoryLoginAttempts, PostgresLoginAttempts } from './login-attempts.js';
import { LoginRateLimitGuard } from './login-rate-limit.guard.js';
import { SecondFactorController } from './second-factor.controller.js';
import { SecondFactorService } from './second-factor.service.js';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from './token-claims.js';

@Module({
  imports: [
    IdentityModule,
    PkiModule,
    PassportModule,
    JwtModule.registerAsync({
      inject: [JWT_SECRET, AppConfig],
      extraProviders: [{ provide: JWT_SECRET, inject: [AppConfig], useFactory: resolveJwtSecret }],
      useFactory: (secret: JwtSecret, config: AppConfig) => ({
        secret: secret.value,
        signOptions: { algorithm: 'HS256', expiresIn: config.jwtTtlSeconds, issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE },
        verifyOptions: { algorithms: ['HS256'], issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE },
      }),
    }),
  ],
  controllers: [AuthController, SecondFactorController],
  providers: [
    AuthService,
    SecondFactorService,
    CertificateLoginService,
    JwtStrategy,
    LoginRateLimitGuard,
    {
      provide: LoginAttemptStore,
      inject: [AppConfig, DataSource],
      useFactory: (config: AppConfig, dataSource: DataSource) => (config.embedded ? new MemoryLoginAttempts() : new PostgresLoginAttempts(dataSource)),
    },
    { provide: JWT_SECRET, inject: [AppConfig], useFactory: resolveJwtSecret },
  ],
})
export class AuthModule {}
