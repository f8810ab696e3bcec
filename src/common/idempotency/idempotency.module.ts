import { Global, Inject, Injectable, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { AppConfig } from '../../config/app-config.js';
import { IdempotencyKeyEntity } from './idempotency-key.entity.js';
import { IdempotencyInterceptor } from './idempotency.interceptor.js';
import { IdempotencyService } from './idempotency.service.js';

/**
 * The embedded database belongs to one process: at start-up, every claim still in flight was
 * held by a process that died, so its key is freed at once rather than when its lease runs out.
 */
@Injectable()
class ReleaseDeadClaims implements OnApplicationBootstrap {
  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.embedded) return;
    const result = await this.dataSource.manager.delete(IdempotencyKeyEntity, { responseStatus: IsNull() });
    if (result.affected) new Logger('Idempotency').log({ msg: 'claims of a previous run released', count: result.affected });
  }
}

/** `Idempotency-Key` on every state-changing request: the interceptor, its service and its table. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([IdempotencyKeyEntity])],
  providers: [IdempotencyService, ReleaseDeadClaims, { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor }],
  exports: [IdempotencyService],
})
export class IdempotencyModule {}
