import { Module } from '@nestjs/common';
import { AuthoritiesController } from './authorities.controller.js';
import { IdentityService } from './identity.service.js';
import { OrganisationSuspensionService } from './organisation-suspension.service.js';
import { MeController } from './me.controller.js';
import { OrganisationsController } from './organisations.controller.js';
import { OrganisationsRepository } from './organisations.repository.js';
import { PasswordHasher } from './password-hasher.js';
import { ProvidersController } from './providers.controller.js';
import { UsersRepository } from './users.repository.js';

/** Organisations, their users and establishments, the provider and authority directories, suspension. */
@Module({
  controllers: [OrganisationsController, ProvidersController, AuthoritiesController, MeController],
  providers: [IdentityService, OrganisationSuspensionService, OrganisationsRepository, UsersRepository, PasswordHasher],
  exports: [OrganisationsRepository, UsersRepository, PasswordHasher],
})
export class IdentityModule {}
