import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { JwtAuthGuard } from './common/auth/jwt-auth.guard.js';
import { RolesGuard } from './common/auth/roles.guard.js';
import { SecondFactorGuard } from './common/auth/second-factor.guard.js';
import { Clock } from './common/clock.js';
import { ProblemFilter } from './common/errors/problem.filter.js';
import { AppConfig } from './config/app-config.js';
import { DatabaseModule } from './database/database.module.js';
import { ConsoleModule } from './modules/console/console.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { DemoModule } from './modules/demo/demo.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { IdentityModule } from './modules/identity/identity.module.js';
import { IdempotencyModule } from './common/idempotency/idempotency.module.js';
import { EventsModule } from './modules/events/events.module.js';
import { JobsModule } from './modules/jobs/jobs.module.js';
import { BundleModule } from './modules/bundle/bundle.module.js';
import { DocumentsModule } from './modules/documents/documents.module.js';
import { EvidenceModule } from './modules/evidence/evidence.module.js';
import { LedgerModule } from './modules/ledger/ledger.module.js';
import { LogModule } from './modules/log/log.module.js';
import { OrdersModule } from './modules/orders/orders.module.js';
import { StatisticsModule } from './modules/statistics/statistics.module.js';
import { StorageModule } from './modules/storage/storage.module.js';
import { TransitionsModule } from './modules/transitions/transitions.module.js';
import { StayDownModule } from './modules/staydown/staydown.module.js';
import { CertifiedAccountsModule } from './modules/certified-accounts/certified-accounts.module.js';
import { PkiModule } from './modules/pki/pki.module.js';
import { RoutingModule } from './modules/routing/routing.module.js';
import { ToolsModule } from './modules/tools/tools.module.js';

/**
 * The application, built from a validated configuration. Security is on by default: every
 * route needs a token (JwtAuthGuard), a second factor where the organisation requires one
 * (SecondFactorGuard) and its declared roles (RolesGuard) unless it is @Public().
 */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        DatabaseModule.forRoot(config),
        HealthModule,
        IdentityModule,
        PkiModule,
        AuthModule,
        DemoModule,
        RoutingModule,
        IdempotencyModule,
        JobsModule,
        StorageModule,
        OrdersModule,
        LogModule,
        LedgerModule,
        DocumentsModule,
        EvidenceModule,
        EventsModule,
        StayDownModule,
        CertifiedAccountsModule,
        TransitionsModule,
        BundleModule,
        ToolsModule,
        ConsoleModule,
        StatisticsModule,
      ],
      providers: [
        { provide: AppConfig, useValue: config },
        Clock,
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: SecondFactorGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
      exports: [AppConfig, Clock],
    };
  }
}
