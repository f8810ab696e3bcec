import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module.js';
import { AuthChallengesRepository } from './auth-challenges.repository.js';
import { CertificatesRepository } from './certificates.repository.js';
import { DbKeyRecordStore } from './db-key-record-store.js';
import { ExchangePkiService } from './exchange-pki.service.js';
import { keyStoreProvider, KEY_STORE } from './key-store.provider.js';
import { OrganisationCertificatesController } from './organisation-certificates.controller.js';
import { OrganisationCertificatesService } from './organisation-certificates.service.js';
import { PkiController } from './pki.controller.js';

/** The trust layer (libs/pki) in the app: key store, exchange PKI, organisation certificates. */
@Module({
  imports: [IdentityModule],
  controllers: [PkiController, OrganisationCertificatesController],
  providers: [DbKeyRecordStore, keyStoreProvider, CertificatesRepository, AuthChallengesRepository, ExchangePkiService, OrganisationCertificatesService],
  exports: [KEY_STORE, CertificatesRepository, AuthChallengesRepository, ExchangePkiService, OrganisationCertificatesService],
})
export class PkiModule {}
