import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '../config/app-config.js';
import { createDataSource } from './data-source.js';

/**
 * The app's one DataSource through @nestjs/typeorm, so modules take repositories with
 * `@InjectRepository` and the DataSource with `@InjectDataSource`. Options live in
 * data-source.ts (shared with the migration generator and the tests); the factory here only opens
 * the configured back end, PGlite or a server, and runs the migrations before anything is served
 * (`migrationsRun`). Repositories take an optional EntityManager so a service can run several of
 * them in one transaction. @nestjs/typeorm destroys the DataSource on shutdown, which also closes
 * the embedded database.
 */
@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          // Options are built by createDataSource itself; this only tunes @nestjs/typeorm.
          useFactory: () => ({ retryAttempts: config.embedded ? 1 : 5, retryDelay: 1000 }),
          dataSourceFactory: async () => {
            const dataSource = await createDataSource(config);
            await dataSource.initialize();
            try {
              const applied = await dataSource.runMigrations({ transaction: 'each' });
              for (const migration of applied) new Logger('Database').log({ msg: 'migration applied', migration: migration.name });
            } catch (error) {
              await dataSource.destroy();
              throw error;
            }
            new Logger('Database').log({ msg: 'database ready', backend: config.embedded ? `embedded (${config.dataDir})` : 'postgresql server' });
            return dataSource;
          },
        }),
      ],
    };
  }
}
