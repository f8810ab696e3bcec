import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../../config/app-config.js';
import { JobRunner } from '../jobs/job-runner.js';
import { ScheduledTasks } from '../jobs/scheduled-tasks.js';
import { BLOB_STORE } from './blob-store.js';
import { FilesystemBlobStore } from './filesystem-blob-store.js';
import { S3BlobStore } from './s3-blob-store.js';
import { StorageService } from './storage.service.js';
import { StoredBlobEntity } from './stored-blob.entity.js';

const SWEEP_EVERY_MS = 60 * 60 * 1000;

/**
 * Sweeps the whole store once the app is up (what a crash left behind, whichever instance it hit),
 * then hourly across instances. Both run as jobs, so the job runner waits for them before the
 * database closes.
 */
@Injectable()
class StorageSweepSchedule implements OnModuleInit {
  constructor(
    private readonly storage: StorageService,
    private readonly tasks: ScheduledTasks,
    private readonly jobs: JobRunner,
  ) {}

  onModuleInit(): void {
    this.tasks.every('blobs:sweep', SWEEP_EVERY_MS, () => this.storage.sweep());
    // In the background: a large store must not delay start-up.
    this.jobs.register({
      name: 'blobs:sweep-at-start',
      everyMs: 0,
      atStart: true,
      run: async () => {
        await this.storage.sweep();
        return 0;
      },
    });
  }
}

/** Where evidence and signed documents live: DATA_DIR/blobs, or an S3-compatible bucket. */
@Module({
  imports: [TypeOrmModule.forFeature([StoredBlobEntity])],
  providers: [
    {
      provide: BLOB_STORE,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        const local = new FilesystemBlobStore(config);
        return config.blobStore.kind === 's3' ? new S3BlobStore(config.blobStore, local) : local;
      },
    },
    StorageService,
    StorageSweepSchedule,
  ],
  exports: [BLOB_STORE, StorageService],
})
export class StorageModule {}
