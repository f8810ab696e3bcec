import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module.js';
import { PkiModule } from '../pki/pki.module.js';
import { DemoSeedService } from './demo-seed.service.js';

@Module({ imports: [IdentityModule, PkiModule], providers: [DemoSeedService], exports: [DemoSeedService] })
export class DemoModule {}
