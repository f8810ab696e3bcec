import { Injectable } from '@nestjs/common';
import { releaseSeq } from '../../../libs/domain/order-access.js';
import { verifyChain, type ChainReport } from '../../../libs/domain/step-chain.js';
import type { Principal } from '../../common/auth/principal.js';
import { Clock } from '../../common/clock.js';
import { OrganisationsRepository } from '../identity/organisations.repository.js';
import { UsersRepository } from '../identity/users.repository.js';
import { OrdersService } from '../orders/orders.service.js';
import { CertificatesRepository } from '../pki/certificates.repository.js';
import { ExchangePkiService } from '../pki/exchange-pki.service.js';
import type { StepListDto } from './dto/step.dto.js';
import { LedgerRepository } from './ledger.repository.js';
import { mapStep, toSignedStep } from './steps.mapper.js';

/** The signed chain of an order, served and checked (`GET /steps`, `GET /verification`). */
@Injectable()
export class StepsService {
  constructor(
    private readonly orders: OrdersService,
    private readonly ledger: LedgerRepository,
    private readonly certificates: CertificatesRepository,
    private readonly exchangePki: ExchangePkiService,
    private readonly clock: Clock,
    private readonly users: UsersRepository,
    private readonly organisations: OrganisationsRepository,
  ) {}

  async list(principal: Principal, orderId: string): Promise<StepListDto> {
    const { parties } = await this.orders.visible(principal, orderId);
    const steps = await this.ledger.stepsAsParty(principal.organisationId, orderId);
    const release = releaseSeq(steps);
    const [people, organisations] = await Promise.all([
      this.users.findPeople(steps.flatMap((step) => step.actorUserId ?? [])),
      this.organisations.findMany(steps.flatMap((step) => step.actorOrganisationId ?? [])),
    ]);
    const names = { people: new Map(people.map((person) => [person.id, person.name])), organisations: new Map(organisations.map((organisation) => [organisation.id, organisation.name])) };
    return { items: steps.map((step) => mapStep(step, parties, release, names)) };
  }

  /** Recomputes everything from the stored bytes (libs/domain/step-chain.ts) and names any break. */
  async verify(principal: Principal, orderId: string): Promise<ChainReport> {
    await this.orders.visible(principal, orderId);
    const steps = await this.ledger.stepsAsParty(principal.organisationId, orderId);
    const owners = await this.certificates.organisationsOf(steps.map((step) => step.signerFingerprintSha256));
    const seals = await this.certificates.listExchangeCertificates('SEAL');
    return verifyChain(orderId, steps.map(toSignedStep), {
      verifier: this.exchangePki.verifier(),
      // Every seal the exchange ever had: a rotated seal still vouches for the steps it sealed.
      isSeal: (signer) => seals.some((seal) => seal.fingerprintSha256 === signer.fingerprintSha256),
      organisationOf: (signer) => owners.get(signer.fingerprintSha256),
      validationTime: this.clock.now(),
    });
  }
}
