import { Module } from '@nestjs/common';
import { IdentityService } from './identity.service.js';
import { MeController } from './me.controller.js';
import { OrganisationsController } from './organisations.controller.js';
import { OrganisationsRepository } from './organisations.repository.js';
import { PasswordHasher } from './password-hasher.js';
import { ProvidersController } from './providers.controller.js';
import { UsersRepository } from './users.repository.js';

/** Organisations, their users and establishments, and the provider directory. */
@Module({
  controllers: [OrganisationsController, ProvidersController, MeController],
  providers: [IdentityService, OrganisationsRepository, UsersRepository, PasswordHasher],
  exports: [OrganisationsRepository, UsersRepository, PasswordHasher],
})
export class IdentityModule {}
