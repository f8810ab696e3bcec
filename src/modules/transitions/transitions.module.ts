import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module.js';
import { EventsModule } from '../events/events.module.js';
import { EvidenceModule } from '../evidence/evidence.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { LedgerModule } from '../ledger/ledger.module.js';
import { OrdersModule } from '../orders/orders.module.js';
import { RoutingModule } from '../routing/routing.module.js';
import { Drafting } from './drafting.js';
import { OrderClockService } from './order-clock.service.js';
import { StepRunner } from './step-runner.js';
import { TransitionsController } from './transitions.controller.js';
import { Delivery } from './usecases/delivery.js';
import { AmendDraft, DraftOrder } from './usecases/draft-order.usecase.js';
import { ChallengeOrder, CountersignOrder } from './usecases/emergency-trust.usecase.js';
import { CertifyOrder, ForwardOrder } from './usecases/hop-steps.usecase.js';
import { ConfirmSubsequentRequest, ExtendPreservation, ReviewOrder } from './usecases/issuer-follow-ups.usecase.js';
import { IssueOrder } from './usecases/issue-order.usecase.js';
import { DeclineOrder, ProduceOrder, RequestClarification } from './usecases/provider-answers.usecase.js';
import { AcknowledgeOrder, ClarifyOrder, CloseOrder, ConfirmPreservation, WithdrawOrder } from './usecases/simple-steps.usecase.js';
import { StayDownModule } from '../staydown/staydown.module.js';
import { RemovalInformationController } from './removal-information.controller.js';
import { RemovalInformation } from './removal-information.js';
import { CertifiedAccountsModule } from '../certified-accounts/certified-accounts.module.js';
import { RemoveContent, ReportImpossibility, RequestScrutiny, ResumeExecution, ScrutiniseOrder } from './usecases/removal-steps.usecase.js';
import { SubmitOrder } from './usecases/submit-order.usecase.js';
import { ValidateOrder } from './usecases/validate-order.usecase.js';

const USE_CASES = [
  DraftOrder,
  AmendDraft,
  SubmitOrder,
  ValidateOrder,
  IssueOrder,
  AcknowledgeOrder,
  RequestClarification,
  ClarifyOrder,
  ConfirmPreservation,
  ExtendPreservation,
  ConfirmSubsequentRequest,
  ReviewOrder,
  DeclineOrder,
  ProduceOrder,
  WithdrawOrder,
  CloseOrder,
  CertifyOrder,
  ForwardOrder,
  CountersignOrder,
  ChallengeOrder,
  RemoveContent,
  ReportImpossibility,
  ResumeExecution,
  RequestScrutiny,
  ScrutiniseOrder,
];

/** Every step of an order: drafting, the life-cycle actions, the exchange's own clock. */
@Module({
  imports: [OrdersModule, LedgerModule, DocumentsModule, EvidenceModule, IdentityModule, RoutingModule, EventsModule, StayDownModule, CertifiedAccountsModule],
  controllers: [TransitionsController, RemovalInformationController],
  providers: [StepRunner, Drafting, Delivery, OrderClockService, RemovalInformation, ...USE_CASES],
  exports: [StepRunner, OrderClockService],
})
export class TransitionsModule {}
