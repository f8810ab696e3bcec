import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module.js';
import { CertifiedAccountsController } from './certified-accounts.controller.js';
import { CertifiedAccountsService } from './certified-accounts.service.js';

@Module({
  imports: [IdentityModule],
  controllers: [CertifiedAccountsController],
  providers: [CertifiedAccountsService],
  exports: [CertifiedAccountsService],
})
export class CertifiedAccountsModule {}
