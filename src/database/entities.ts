import { EstablishmentEntity } from '../modules/identity/entities/establishment.entity.js';
import { OrganisationEntity } from '../modules/identity/entities/organisation.entity.js';
import { UserEntity } from '../modules/identity/entities/user.entity.js';
import { AuthChallengeEntity } from '../modules/pki/entities/auth-challenge.entity.js';
import { CertificateEntity } from '../modules/pki/entities/certificate.entity.js';
import { PkiKeyEntity } from '../modules/pki/entities/pki-key.entity.js';

/** Every entity, listed once: the app, the migration generator and the tests all use this list. */
export const ENTITIES = [OrganisationEntity, EstablishmentEntity, UserEntity, PkiKeyEntity, CertificateEntity, AuthChallengeEntity];
