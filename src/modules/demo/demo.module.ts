import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module.js';
import { PkiModule } from '../pki/pki.module.js';
import { TransitionsModule } from '../transitions/transitions.module.js';
import { DemoClock, DemoClockController } from './demo-clock.js';
import { DemoSeedService } from './demo-seed.service.js';

/** The demo world (seeded on an empty embedded database) and the demo clock (DEMO_CLOCK=true). */
@Module({ imports: [IdentityModule, PkiModule, TransitionsModule], controllers: [DemoClockController], providers: [DemoSeedService, DemoClock], exports: [DemoSeedService] })
export class DemoModule {}
