import { Injectable } from '@nestjs/common';
import { clocksOf } from '../../../libs/domain/order-facts.js';
import { removalAccountability } from '../../../libs/domain/removal-accountability.js';
import { computeStatistics, statisticsCsv, type StatisticsDimension, type StatisticsResult } from '../../../libs/domain/statistics.js';
import type { Principal } from '../../common/auth/principal.js';
import { Clock } from '../../common/clock.js';
import { ApiError, validationError } from '../../common/errors/api-error.js';
import { LogRepository } from '../log/log.repository.js';
import { LogSequencer } from '../log/log-sequencer.service.js';
import { ExchangePkiService } from '../pki/exchange-pki.service.js';
import type { StatisticsDto, StatisticsPart } from './dto/statistics.dto.js';
import { StatisticsRepository, type StatisticsScope } from './statistics.repository.js';

/** Public answers are kept this long for the same window, grouping and checkpoint. */
const PUBLIC_CACHE_MS = 60_000;
/** At most this many public answers are kept (the oldest goes first). */
const PUBLIC_CACHE_ENTRIES = 64;
/** At most this many different public answers are computed at once; more wait for a few seconds (503). */
const PUBLIC_COMPUTATIONS = 2;
const DAY_MS = 86_400_000;
const LAST_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export interface StatisticsAnswer {
  json: StatisticsDto;
  csv: () => string;
}

/**
 * Statistics from the record (Reg. 2023/1543 Art 28, libs/domain/statistics.ts): an
 * organisation's own orders, or the public aggregates over every order, each computed at the
 * latest checkpoint of the transparency log and saying which.
 */
@Injectable()
export class StatisticsService {
  private readonly cache = new Map<string, { at: number; answer: StatisticsAnswer }>();
  /** Public answers being computed: the same request waits for the same computation. */
  private readonly computing = new Map<string, Promise<StatisticsAnswer>>();

  constructor(
    private readonly statistics: StatisticsRepository,
    private readonly log: LogRepository,
    private readonly sequencer: LogSequencer,
    private readonly pki: ExchangePkiService,
    private readonly clock: Clock,
  ) {}

  /** The caller's organisation's orders, as the part it chose (or its kind's default). */
  forOrganisation(principal: Principal, query: { from?: string; to?: string; by?: StatisticsDimension; as?: StatisticsPart }): Promise<StatisticsAnswer> {
    const allowed: readonly StatisticsPart[] = principal.organisationKind === 'PROVIDER' ? ['ADDRESSEE'] : principal.organisationKind === 'AUTHORITY' ? ['ISSUING', 'VALIDATING', 'ENFORCING'] : [];
    if (allowed.length === 0) throw new ApiError('FORBIDDEN', 'Statistics are for authorities and providers, about their own orders; the public aggregates are at GET /api/v1/statistics/public.');
    const part = query.as ?? allowed[0];
    if (!allowed.includes(part)) throw validationError([{ field: 'as', message: `must be one of ${allowed.join(', ')} for ${principal.organisationKind === 'PROVIDER' ? 'a provider' : 'an authority'}` }]);
    return this.answer({ kind: 'organisation', organisationId: principal.organisationId, party: part }, query, query.by ?? 'country');
  }

  /**
   * Every order, aggregated (no organisation named but the addressees' States). Anyone may ask,
   * without signing in, so the work one stranger can cause is bounded: the window is widened to
   * whole UTC days (so the default, "up to now", is one answer a day rather than one a
   * millisecond), answers are cached by window, grouping and checkpoint (at most
   * PUBLIC_CACHE_ENTRIES), identical requests share one computation, and at most
   * PUBLIC_COMPUTATIONS different ones run at once.
   */
  async public(query: { from?: string; to?: string; by?: 'country' | 'instrument' }): Promise<StatisticsAnswer> {
    const by = query.by ?? 'country';
    const now = this.clock.now();
    const from = startOfDay(query.from ? new Date(query.from) : new Date(Date.UTC(now.getUTCFullYear(), 0, 1)));
    // Widened to a whole day, but never past the last instant a timestamp here may name (year 9999).
    const to = new Date(Math.min(endOfDay(query.to ? new Date(query.to) : now).getTime(), LAST_INSTANT));
    const days = { from: from.toISOString(), to: to.toISOString() };
    const size = await this.log.treeSize();
    const key = JSON.stringify([days.from, days.to, by, size]);
    const cached = this.cache.get(key);
    if (cached && Date.now() - cached.at < PUBLIC_CACHE_MS) return cached.answer;
    const running = this.computing.get(key);
    if (running) return running;
    if (this.computing.size >= PUBLIC_COMPUTATIONS) {
      throw new ApiError('SERVICE_UNAVAILABLE', 'The public statistics are being computed for other windows; try again in a few seconds.');
    }
    const computation = this.answer({ kind: 'public' }, days, by).finally(() => this.computing.delete(key));
    this.computing.set(key, computation);
    const answer = await computation;
    for (const [old, entry] of this.cache) if (Date.now() - entry.at >= PUBLIC_CACHE_MS) this.cache.delete(old);
    while (this.cache.size >= PUBLIC_CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, { at: Date.now(), answer });
    return answer;
  }

  /** Removal orders received in the window, counted as the provider's record counts them. */
  private async removalFigures(scope: StatisticsScope, window: { from: Date; to: Date }, now: Date) {
    const received = (await this.statistics.removalOrders(scope)).filter((order) => {
      const at = clocksOf(order, now).receivedAt;
      return at !== null && at.getTime() >= window.from.getTime() && at.getTime() < window.to.getTime();
    });
    return removalAccountability(received, now);
  }

  private async answer(scope: StatisticsScope, query: { from?: string; to?: string }, by: StatisticsDimension): Promise<StatisticsAnswer> {
    const now = this.clock.now();
    const window = {
      from: query.from ? new Date(query.from) : new Date(Date.UTC(now.getUTCFullYear(), 0, 1)),
      to: query.to ? new Date(query.to) : now,
    };
    if (window.from.getTime() >= window.to.getTime()) throw validationError([{ field: 'from', message: 'must be before `to`' }]);
    let checkpoint = await this.log.latestCheckpoint();
    if (!checkpoint) {
      await this.sequencer.run();
      checkpoint = await this.log.latestCheckpoint();
    }
    if (!checkpoint) throw new ApiError('SERVICE_UNAVAILABLE', 'The transparency log has not signed its first checkpoint yet; try again in a moment.');
    const orders = await this.statistics.orders(scope, window, checkpoint.size);
    const result: StatisticsResult = computeStatistics(orders, window, by, now);
    const stated = { origin: this.pki.logKey().origin, size: checkpoint.size, rootHash: checkpoint.rootHash.toString('base64') };
    const removalOrders = REMOVAL_PARTS.includes(scope.kind === 'public' ? 'PUBLIC' : scope.party) ? await this.removalFigures(scope, window, now) : null;
    const json: StatisticsDto = {
      scope: scope.kind === 'public' ? 'PUBLIC' : { organisationId: scope.organisationId, as: scope.party as StatisticsPart },
      window: { from: window.from.toISOString(), to: window.to.toISOString() },
      by,
      checkpoint: stated,
      computedAt: now.toISOString(),
      total: result.total,
      groups: result.groups,
      removalOrders,
    };
    return { json, csv: () => statisticsCsv(result, stated) };
  }
}

/** Whose statistics carry the removal-order figures: the providers', the issuers', the public's. */
const REMOVAL_PARTS: readonly string[] = ['PUBLIC', 'ADDRESSEE', 'ISSUING'];

function startOfDay(at: Date): Date {
  return new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
}

/** The first instant of the next UTC day, unless `at` is already one. */
function endOfDay(at: Date): Date {
  return new Date(Math.ceil(at.getTime() / DAY_MS) * DAY_MS);
}
