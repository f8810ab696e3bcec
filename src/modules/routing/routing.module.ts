import { Module } from '@nestjs/common';
import { loadCatalogue } from '../../../libs/routing/index.js';
import { IdentityModule } from '../identity/identity.module.js';
import { RoutingController } from './routing.controller.js';
import { ROUTING_CATALOGUE, RoutingService } from './routing.service.js';

/** Legal-instrument routing: the catalogue and the engine (libs/routing) over the provider directory. */
@Module({
  imports: [IdentityModule],
  controllers: [RoutingController],
  // A broken catalogue stops the application at start-up, naming the bad path.
  providers: [{ provide: ROUTING_CATALOGUE, useFactory: () => loadCatalogue() }, RoutingService],
  exports: [RoutingService],
})
export class RoutingModule {}
