import { IdempotencyKeyEntity } from '../common/idempotency/idempotency-key.entity.js';
import { CertifiedAccountEntity } from '../modules/certified-accounts/certified-account.entity.js';
import { StayDownEntryEntity } from '../modules/staydown/entities/stay-down-entry.entity.js';
import { OrderDocumentEntity } from '../modules/documents/entities/order-document.entity.js';
import { EvidenceUploadEntity } from '../modules/evidence/entities/evidence-upload.entity.js';
import { EvidenceEntity } from '../modules/evidence/entities/evidence.entity.js';
import { LogCheckpointEntity } from '../modules/log/entities/log-checkpoint.entity.js';
import { LogCosignatureEntity } from '../modules/log/entities/log-cosignature.entity.js';
import { LogEntryEntity } from '../modules/log/entities/log-entry.entity.js';
import { LogHashEntity } from '../modules/log/entities/log-hash.entity.js';
import { LogPendingEntity } from '../modules/log/entities/log-pending.entity.js';
import { EstablishmentEntity } from '../modules/identity/entities/establishment.entity.js';
import { OrganisationEntity } from '../modules/identity/entities/organisation.entity.js';
import { UserEntity } from '../modules/identity/entities/user.entity.js';
import { OrderStepEntity } from '../modules/ledger/entities/order-step.entity.js';
import { IssuerSentCountEntity } from '../modules/orders/entities/issuer-sent-count.entity.js';
import { OrderPartyEntity } from '../modules/orders/entities/order-party.entity.js';
import { OrderEntity } from '../modules/orders/entities/order.entity.js';
import { LoginAttemptEntity } from '../modules/auth/entities/login-attempt.entity.js';
import { AuthChallengeEntity } from '../modules/pki/entities/auth-challenge.entity.js';
import { CertificateEntity } from '../modules/pki/entities/certificate.entity.js';
import { LogKeyEntity } from '../modules/pki/entities/log-key.entity.js';
import { PkiKeyEntity } from '../modules/pki/entities/pki-key.entity.js';
import { StoredBlobEntity } from '../modules/storage/stored-blob.entity.js';
import { ExchangeSettingEntity } from '../modules/demo/exchange-setting.entity.js';
import { EventEntity } from '../modules/events/entities/event.entity.js';
import { WebhookDeliveryEntity } from '../modules/events/entities/webhook-delivery.entity.js';
import { WebhookSubscriptionEntity } from '../modules/events/entities/webhook-subscription.entity.js';
import { ScheduledTaskEntity } from '../modules/jobs/scheduled-task.entity.js';

/** Every entity, listed once: the app, the migration generator and the tests all use this list. */
export const ENTITIES = [
  OrganisationEntity,
  EstablishmentEntity,
  UserEntity,
  PkiKeyEntity,
  CertificateEntity,
  AuthChallengeEntity,
  OrderEntity,
  OrderPartyEntity,
  IssuerSentCountEntity,
  OrderStepEntity,
  IdempotencyKeyEntity,
  EvidenceEntity,
  OrderDocumentEntity,
  EvidenceUploadEntity,
  StoredBlobEntity,
  EventEntity,
  WebhookSubscriptionEntity,
  WebhookDeliveryEntity,
  ScheduledTaskEntity,
  ExchangeSettingEntity,
  LoginAttemptEntity,
  LogKeyEntity,
  LogPendingEntity,
  LogEntryEntity,
  LogHashEntity,
  LogCheckpointEntity,
  LogCosignatureEntity,
  StayDownEntryEntity,
  CertifiedAccountEntity,
];
