import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config.js';
import { JobRunner } from './job-runner.js';

/** How often the embedded database's tables are looked at. */
const LOOK_EVERY_MS = 30_000;

/**
 * PostgreSQL's autovacuum, in miniature, for the embedded database. PGlite runs PostgreSQL as a
 * single process without the autovacuum launcher, so nothing ever vacuumed it: every step leaves
 * dead rows behind (an order's row is rewritten, an event numbered, the log's outbox emptied),
 * scans slowed as they piled up (numbering events took 0.2 ms on a fresh database and 0.56 ms
 * after 800 orders here), the planner's statistics were never gathered, and transaction ids were
 * never frozen, which PostgreSQL answers, some two billion transactions on, by refusing writes.
 * Every LOOK_EVERY_MS this job vacuums and analyses, of the tables past autovacuum's own default
 * threshold (50 dead rows plus a fifth of the live ones), the one with the most dead rows; when
 * none is due, it analyses the table most changed past autovacuum's threshold for statistics (50
 * rows plus a tenth of the live ones), so that tables only ever inserted into (an order's parties,
 * its steps) are planned for their size, not the size they had when the database was new. One table a look: PostgreSQL
 * runs on the main thread here, so a vacuum pauses the whole process, not only the database's one
 * session (tens of milliseconds for this exchange's busy tables at a few thousand orders; a
 * reviewer measured 1.3 s for a million rows with two indexes and a quarter of them dead). A
 * server runs its own autovacuum, so the job is registered only for the embedded database.
 */
@Injectable()
export class EmbeddedVacuum implements OnModuleInit {
  private readonly logger = new Logger('EmbeddedVacuum');

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobRunner,
  ) {}

  onModuleInit(): void {
    if (!this.config.embedded) return;
    this.jobs.register({ name: 'database:vacuum', everyMs: LOOK_EVERY_MS, run: () => this.run() });
  }

  /** Vacuums (or only analyses) the table most due now, if any; answers 0 so the job waits for its next look. */
  async run(): Promise<number> {
    const [table] = (await this.dataSource.query(
      `SELECT quote_ident(schemaname) || '.' || quote_ident(relname) AS name, n_dead_tup AS dead, n_mod_since_analyze AS changed,
              n_dead_tup > 50 + 0.2 * n_live_tup AS vacuum
         FROM pg_stat_user_tables
        WHERE n_dead_tup > 50 + 0.2 * n_live_tup OR n_mod_since_analyze > 50 + 0.1 * n_live_tup
        ORDER BY n_dead_tup > 50 + 0.2 * n_live_tup DESC, greatest(n_dead_tup, n_mod_since_analyze) DESC
        LIMIT 1`,
    )) as { name: string; dead: string; changed: string; vacuum: boolean }[];
    if (!table) return 0;
    const started = performance.now();
    // Not parameterisable; the name comes quoted from the catalogue.
    await this.dataSource.query(table.vacuum ? `VACUUM (ANALYZE) ${table.name}` : `ANALYZE ${table.name}`);
    this.logger.debug({ msg: table.vacuum ? 'vacuumed' : 'analysed', table: table.name, deadRows: Number(table.dead), changedRows: Number(table.changed), ms: Math.round(performance.now() - started) });
    return 0;
  }
}
