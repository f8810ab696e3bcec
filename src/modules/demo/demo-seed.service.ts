import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { IssuedCertificate } from '../../../libs/pki/index.js';
import { AppConfig } from '../../config/app-config.js';
import { OrganisationsRepository } from '../identity/organisations.repository.js';
import { PasswordHasher } from '../identity/password-hasher.js';
import { UsersRepository } from '../identity/users.repository.js';
import { OrganisationCertificatesService } from '../pki/organisation-certificates.service.js';
import { DEMO_PASSWORD, DEMO_WORLD, type DemoOrganisation } from './demo-world.js';

/**
 * The demo world (docs/api.md): embedded mode seeds an empty database unless SEED_DEMO=false; against a
 * PostgreSQL server it seeds only when SEED_DEMO=true. Never on a database that holds anything.
 */
export function shouldSeedDemo(config: Pick<AppConfig, 'embedded' | 'seedDemo'>): boolean {
  return config.embedded ? config.seedDemo !== false : config.seedDemo === true;
}

@Injectable()
export class DemoSeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoWorld');

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly organisations: OrganisationsRepository,
    private readonly users: UsersRepository,
    private readonly passwords: PasswordHasher,
    private readonly certificates: OrganisationCertificatesService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!shouldSeedDemo(this.config)) return;
    const seeded = await this.seedIfEmpty();
    if (seeded) this.logger.warn(`Seeded the demo world: every demo account uses the password "${DEMO_PASSWORD}". For trying the product only.`);
  }

  /**
   * Seeds the whole world in one transaction, or nothing. Returns whether it seeded. Keys and
   * certificates are made first, outside the transaction (the key store writes on its own
   * connection, which would wait for ever behind an open transaction on the embedded database);
   * if the database turns out not to be empty, they are simply never used.
   */
  async seedIfEmpty(): Promise<boolean> {
    if (!(await this.organisations.isEmpty())) return false;
    const prepared: {
      id: string;
      demo: DemoOrganisation;
      certificate?: IssuedCertificate & { keyId: string };
      users: (DemoOrganisation['users'][number] & { passwordHash: string })[];
    }[] = [];
    for (const demo of DEMO_WORLD) {
      const id = randomUUID();
      // Every demo organisation that can sign holds a custodial certificate; the operator signs with the exchange's seal.
      const certificate = demo.country ? await this.certificates.prepareCustodial({ id, name: demo.name, country: demo.country }) : undefined;
      const users = [];
      // Hashed one by one: a shared published password still gets a salt of its own per account.
      for (const user of demo.users) users.push({ ...user, passwordHash: await this.passwords.hash(DEMO_PASSWORD) });
      prepared.push({ id, demo, certificate, users });
    }
    return this.dataSource.transaction(async (manager) => {
      if (!(await this.organisations.isEmpty(manager))) return false;
      for (const { id, demo, certificate, users } of prepared) {
        await this.organisations.insert(
          {
            id,
            name: demo.name,
            kind: demo.kind,
            country: demo.country,
            authorityType: demo.authorityType ?? null,
            designations: demo.designations ?? [],
            languages: demo.languages ?? [],
            contactEmail: demo.contact?.email ?? null,
            contactPhone: demo.contact?.phone ?? null,
            contactAddress: demo.contact?.address ?? null,
            cgnatOperator: demo.cgnatOperator ?? false,
            services: demo.services ?? [],
            // The demo providers count as informed under Reg. 2021/784 Art 3(2) before any demo order.
            removalInformationAt: demo.kind === 'PROVIDER' ? new Date('2026-01-01T00:00:00Z') : null,
            establishments: demo.establishments ?? [],
          },
          manager,
        );
        for (const user of users) await this.users.insert({ ...user, function: user.function ?? null, organisationId: id }, manager);
        if (certificate) await this.certificates.record(id, certificate, manager);
      }
      return true;
    });
  }
}
