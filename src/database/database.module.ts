import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { createDataSource } from './data-source.js';

/** Opens the database and brings its schema up to date before the app serves anything. */
async function openDatabase(config: AppConfig): Promise<DataSource> {
  const logger = new Logger('Database');
  const dataSource = await createDataSource(config);
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    for (const migration of applied) logger.log({ msg: 'migration applied', migration: migration.name });
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  logger.log({ msg: 'database ready', backend: config.embedded ? `embedded (${config.dataDir})` : 'postgresql server' });
  return dataSource;
}

/** Closes the pool (and the embedded database) when the app shuts down. */
class DatabaseCloser implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(signal?: string): Promise<void> {
    await this.dataSource.destroy();
    new Logger('Database').log({ msg: 'database closed', signal });
  }
}

/**
 * The app's one DataSource, injectable by its class. Repositories take an optional
 * EntityManager so a service can run several of them in one transaction.
 */
@Global()
@Module({
  providers: [{ provide: DataSource, inject: [AppConfig], useFactory: openDatabase }, DatabaseCloser],
  exports: [DataSource],
})
export class DatabaseModule {}
