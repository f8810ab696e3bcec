import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config.js';
import { OrganisationsRepository } from '../identity/organisations.repository.js';
import { PasswordHasher } from '../identity/password-hasher.js';
import { UsersRepository } from '../identity/users.repository.js';
import { DEMO_PASSWORD, DEMO_WORLD } from './demo-world.js';

/**
 * API.md "Demo world": embedded mode seeds an empty database unless SEED_DEMO=false; against a
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
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!shouldSeedDemo(this.config)) return;
    const seeded = await this.seedIfEmpty();
    if (seeded) this.logger.warn(`Seeded the demo world: every demo account uses the password "${DEMO_PASSWORD}". For trying the product only.`);
  }

  /** Seeds the whole world in one transaction, or nothing. Returns whether it seeded. */
  async seedIfEmpty(): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await this.organisations.isEmpty(manager))) return false;
      for (const demo of DEMO_WORLD) {
        const organisation = await this.organisations.insert(
          {
            name: demo.name,
            kind: demo.kind,
            country: demo.country,
            authorityType: demo.authorityType ?? null,
            cgnatOperator: demo.cgnatOperator ?? false,
            establishments: demo.establishments ?? [],
          },
          manager,
        );
        for (const user of demo.users) {
          // Hashed one by one: a shared published password still gets a salt of its own per account.
          const passwordHash = await this.passwords.hash(DEMO_PASSWORD);
          await this.users.insert({ ...user, organisationId: organisation.id, passwordHash }, manager);
        }
      }
      return true;
    });
  }
}
