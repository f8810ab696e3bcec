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
 *
 * Every LOOK_EVERY_MS this job takes one table (the exchange's and the catalogue's), by
 * autovacuum's own default thresholds (PostgreSQL 17's formulas, on the live rows):
 * - due for `VACUUM (ANALYZE)`: 50 dead rows plus a fifth of the live ones, 1,000 rows inserted
 *   since its last vacuum plus a fifth of the live ones (so that tables only ever inserted into,
 *   an order's steps and documents, get their visibility map too), or its oldest transaction id
 *   200 million transactions old (so that the database's is never near the limit);
 * - due for `ANALYZE`: 50 rows changed since its last analysis plus a tenth of the live ones.
 * The looks alternate between the two kinds, each taking the table most due (most dead or
 * inserted rows for a vacuum; most changed rows for an analysis, of the tables a vacuum would not
 * analyse anyway) and falling back to the other kind when none is due: the log's outbox has dead
 * rows and changed ones at every look while steps are taken, and put first it would keep the
 * other tables planned for the size they had when the database was new.
 *
 * One table a look: PostgreSQL runs on the main thread here, so a vacuum or an analysis pauses
 * the whole process, not only the database's one session (tens of milliseconds for this
 * exchange's busy tables at a few thousand orders; reviewers measured 1.3 s to vacuum a million
 * rows with two indexes and a quarter of them dead, and 260-320 ms to analyse the steps of 50,000
 * orders). A server runs its own autovacuum, so the job is registered only for the embedded
 * database.
 */
@Injectable()
export class EmbeddedVacuum implements OnModuleInit {
  private readonly logger = new Logger('EmbeddedVacuum');
  /** Whether the next look puts the statistics first (the looks alternate). */
  private analyseFirst = false;

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobRunner,
  ) {}

  onModuleInit(): void {
    if (!this.config.embedded) return;
    this.jobs.register({ name: 'database:vacuum', everyMs: LOOK_EVERY_MS, run: () => this.run() });
  }

  /** Vacuums or analyses the table most due now, if any; answers 0 so the job waits for its next look. */
  async run(): Promise<number> {
    const [table] = (await this.dataSource.query(
      `WITH due AS (
         SELECT quote_ident(s.schemaname) || '.' || quote_ident(s.relname) AS name, s.n_dead_tup, s.n_ins_since_vacuum, s.n_mod_since_analyze,
                s.n_dead_tup > 50 + 0.2 * s.n_live_tup OR s.n_ins_since_vacuum > 1000 + 0.2 * s.n_live_tup OR age(c.relfrozenxid) > 200000000 AS to_vacuum,
                s.n_mod_since_analyze > 50 + 0.1 * s.n_live_tup AS to_analyse
           FROM pg_stat_all_tables s JOIN pg_class c ON c.oid = s.relid
          WHERE s.schemaname NOT IN ('pg_toast', 'information_schema'))
       SELECT name, to_vacuum AS vacuum FROM due
        WHERE to_vacuum OR to_analyse
        ORDER BY CASE WHEN $1 THEN to_analyse AND NOT to_vacuum ELSE to_vacuum END DESC,
                 CASE WHEN to_vacuum THEN greatest(n_dead_tup, n_ins_since_vacuum) ELSE n_mod_since_analyze END DESC,
                 name
        LIMIT 1`,
      [this.analyseFirst],
    )) as { name: string; vacuum: boolean }[];
    this.analyseFirst = !this.analyseFirst;
    if (!table) return 0;
    const started = performance.now();
    // Not parameterisable; the name comes quoted from the catalogue. A vacuum analyses as well.
    await this.dataSource.query(table.vacuum ? `VACUUM (ANALYZE) ${table.name}` : `ANALYZE ${table.name}`);
    this.logger.debug({ msg: table.vacuum ? 'vacuumed' : 'analysed', table: table.name, ms: Math.round(performance.now() - started) });
    return 0;
  }
}
