import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import ipaddr from 'ipaddr.js';
import { randomBytes, randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { DataSource, IsNull } from 'typeorm';
import { DomainError } from '../../../libs/domain/errors.js';
import { EVENT_TYPES } from '../../../libs/domain/order-events.js';
import { openSecret, sealSecret } from '../../../libs/pki/index.js';
import type { Principal } from '../../common/auth/principal.js';
import { Clock } from '../../common/clock.js';
import { validationError } from '../../common/errors/api-error.js';
import { decodeCursor, encodeCursor, type Page } from '../../common/pagination.js';
import { AppConfig } from '../../config/app-config.js';
import { returning } from '../../database/returning.js';
import { resolveKeyEncryptionKey } from '../pki/key-store.provider.js';
import type { CreatedWebhookDto, DeliveryDto, WebhookDto, WebhookListDto } from './dto/webhook.dto.js';
import { WebhookDeliveryEntity } from './entities/webhook-delivery.entity.js';
import { WebhookSubscriptionEntity } from './entities/webhook-subscription.entity.js';
import { WebhookSender } from './webhook-sender.js';

const SECRET_PURPOSE = 'webhook secrets';
/**
 * An attempt holds its delivery this long beyond WEBHOOK_TIMEOUT_MS (which bounds the whole
 * attempt, WebhookSender); a crashed instance's attempt is retried after it, never a live one.
 */
const ATTEMPT_LEASE_MARGIN_MS = 30_000;
/** Attempts in flight at once per instance (sockets waiting for an answer are cheap). */
const IN_FLIGHT = 256;
/**
 * Attempts in flight at once to one subscription, per instance: a receiver that never answers
 * holds this many attempts until they time out, never the instance's whole allowance, so the
 * other receivers' events keep flowing.
 */
export const PER_SUBSCRIPTION = 8;
/**
 * Attempts in flight at once for one organisation, per instance: an organisation with many dead
 * receivers holds at most this many, and claims go round the organisations in turn.
 */
export const PER_ORGANISATION = 32;
/** Active subscriptions an organisation may have (a receiver takes every event it asks for). */
export const MAX_SUBSCRIPTIONS = 20;

interface DueDelivery {
  id: string;
  attempts: number;
  eventId: string;
  body: string;
  url: string;
  secretSealed: Buffer;
  subscriptionId: string;
}

/**
 * Webhooks as Standard Webhooks v1 describes them: subscriptions per organisation with a `whsec_`
 * secret shown once and kept encrypted; each event POSTed with `webhook-id` (the event id, the
 * same on every retry), `webhook-timestamp` and `webhook-signature`; retried on
 * WEBHOOK_RETRY_DELAYS, then FAILED; a 410 answer disables the subscription.
 */
@Injectable()
export class WebhooksService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private readonly kek: Buffer;
  private readonly inFlight = new Set<Promise<void>>();
  /** Claims under way: each starts its attempts when it returns. */
  private readonly claims = new Set<Promise<number>>();
  private stopped = false;
  private attemptDone: () => void = () => undefined;

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sender: WebhookSender,
    private readonly clock: Clock,
  ) {
    this.kek = resolveKeyEncryptionKey(config);
  }

  async create(principal: Principal, url: string, events: string[] | undefined): Promise<CreatedWebhookDto> {
    this.checkUrl(url);
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const row = Object.assign(new WebhookSubscriptionEntity(), {
      id: randomUUID(),
      organisationId: principal.organisationId,
      url,
      events: events ?? null,
      secretSealed: sealSecret(this.kek, SECRET_PURPOSE, Buffer.from(secret)),
      createdBy: principal.userId,
      createdAt: this.clock.now(),
      disabledAt: null,
      disabledReason: null,
    });
    await this.dataSource.transaction(async (manager) => {
      // The organisation's row, locked: concurrent subscriptions are counted one after the other.
      await manager.query('SELECT id FROM organisations WHERE id = $1 FOR UPDATE', [principal.organisationId]);
      const active = await manager.count(WebhookSubscriptionEntity, { where: { organisationId: principal.organisationId, disabledAt: IsNull() } });
      if (active >= MAX_SUBSCRIPTIONS) {
        throw new DomainError('WEBHOOK_LIMIT_REACHED', `Your organisation has ${active} webhook subscriptions, the most it may have; delete one first.`);
      }
      await manager.insert(WebhookSubscriptionEntity, row);
    });
    this.logger.log({ msg: 'webhook subscribed', subscriptionId: row.id, organisationId: row.organisationId, by: principal.userId });
    return { ...mapSubscription(row), secret };
  }

  async list(principal: Principal): Promise<WebhookListDto> {
    const rows = await this.dataSource.manager.find(WebhookSubscriptionEntity, { where: { organisationId: principal.organisationId }, order: { createdAt: 'ASC' } });
    return { items: rows.filter((row) => row.disabledReason !== 'deleted').map(mapSubscription) };
  }

  /** Deleting stops every delivery not yet made; the deliveries log stays for the record. */
  async remove(principal: Principal, id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      // A subscription a 410 disabled can still be deleted (and leaves the list).
      const found = await manager.findOne(WebhookSubscriptionEntity, { where: { id, organisationId: principal.organisationId }, lock: { mode: 'pessimistic_write' } });
      if (!found || found.disabledReason === 'deleted') throw notFound(id);
      await manager.update(WebhookSubscriptionEntity, { id }, { disabledAt: found.disabledAt ?? this.clock.now(), disabledReason: 'deleted' });
      await manager.update(WebhookDeliveryEntity, { subscriptionId: id, status: 'PENDING' }, { status: 'FAILED', lastAnswer: 'subscription deleted', nextAttemptAt: null });
    });
  }

  async deliveries(principal: Principal, id: string, limit = 50, cursor?: string): Promise<Page<DeliveryDto>> {
    const owned = await this.dataSource.manager.exists(WebhookSubscriptionEntity, { where: { id, organisationId: principal.organisationId } });
    if (!owned) throw notFound(id);
    const after = decodeCursor(cursor, ['timestamp', 'uuid']) as [string, string] | undefined;
    const rows = await returning<DeliveryDto & { createdAt: Date; id: string }>(
      this.dataSource,
      `SELECT d.id, d.event_id AS "eventId", e.type, d.status, d.attempts, d.last_answer AS "lastAnswer", d.delivered_at AS "deliveredAt",
              CASE WHEN d.status = 'PENDING' THEN d.next_attempt_at END AS "nextAttemptAt", d.created_at AS "createdAt"
         FROM webhook_deliveries d JOIN events e ON e.id = d.event_id
        WHERE d.subscription_id = $1 AND ($2::timestamptz IS NULL OR (d.created_at, d.id) < ($2::timestamptz, $3::uuid))
        ORDER BY d.created_at DESC, d.id DESC LIMIT $4`,
      [id, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const iso = (value: Date | string | null) => (value ? new Date(value).toISOString() : null);
    return {
      items: page.map((row) => ({ eventId: row.eventId, type: row.type, status: row.status, attempts: row.attempts, lastAnswer: row.lastAnswer, deliveredAt: iso(row.deliveredAt), nextAttemptAt: iso(row.nextAttemptAt) })),
      nextCursor: rows.length > limit && last ? encodeCursor([new Date(last.createdAt).toISOString(), last.id]) : null,
    };
  }

  /**
   * Claims the deliveries due (SKIP LOCKED, under a lease, so each attempt runs on one instance)
   * and sends them without waiting for one another; answers how many it started.
   */
  async deliverDue(): Promise<number> {
    if (this.stopped) return 0;
    const claim = this.claimAndSend();
    this.claims.add(claim);
    try {
      return await claim;
    } finally {
      this.claims.delete(claim);
    }
  }

  private async claimAndSend(): Promise<number> {
    const room = IN_FLIGHT - this.inFlight.size;
    if (room <= 0) return 0;
    const now = realNow();
    const due = await returning<DueDelivery>(
      this.dataSource,
      // Per subscription first (its share of the organisation's allowance, at most PER_SUBSCRIPTION
      // in flight), then per organisation (at most PER_ORGANISATION), each organisation's earliest in turn. Never for a disabled
      // subscription; a suspended organisation's deliveries wait until the suspension is lifted.
      `WITH busy AS (
         SELECT d.subscription_id, s.organisation_id FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
          WHERE d.status = 'PENDING' AND d.locked_until >= $1),
       busy_subscription AS (SELECT subscription_id, count(*) AS n FROM busy GROUP BY subscription_id),
       busy_organisation AS (SELECT organisation_id, count(*) AS n FROM busy GROUP BY organisation_id),
       -- An organisation's allowance is shared by its subscriptions: each may have its share in
       -- flight (at least one), so its dead receivers never hold the slots of its healthy one.
       shares AS (
         SELECT organisation_id, GREATEST(1, LEAST($4::int, $5::int / count(*))) AS share
           FROM webhook_subscriptions WHERE disabled_at IS NULL GROUP BY organisation_id),
       candidates AS (
         SELECT d.id, d.next_attempt_at, s.organisation_id, sh.share,
                row_number() OVER (PARTITION BY d.subscription_id ORDER BY d.next_attempt_at) + coalesce(b.n, 0) AS place
           FROM webhook_deliveries d
           JOIN webhook_subscriptions s ON s.id = d.subscription_id AND s.disabled_at IS NULL
           JOIN organisations o ON o.id = s.organisation_id AND o.suspended_at IS NULL
           JOIN shares sh ON sh.organisation_id = s.organisation_id
           LEFT JOIN busy_subscription b ON b.subscription_id = d.subscription_id
          WHERE d.status = 'PENDING' AND d.next_attempt_at <= $1 AND (d.locked_until IS NULL OR d.locked_until < $1)),
       due AS (
         SELECT c.id, c.next_attempt_at,
                row_number() OVER (PARTITION BY c.organisation_id ORDER BY c.next_attempt_at) + coalesce(b.n, 0) AS turn
           FROM candidates c LEFT JOIN busy_organisation b ON b.organisation_id = c.organisation_id
          WHERE c.place <= c.share),
       claimed AS (
         UPDATE webhook_deliveries SET locked_until = $2, attempts = attempts + 1
          WHERE id IN (SELECT id FROM webhook_deliveries
                        WHERE id IN (SELECT id FROM due WHERE turn <= $5 ORDER BY turn, next_attempt_at LIMIT $3)
                          AND status = 'PENDING' AND (locked_until IS NULL OR locked_until < $1)
                        FOR UPDATE SKIP LOCKED)
          RETURNING id, attempts, event_id, subscription_id)
       SELECT c.id, c.attempts, c.event_id AS "eventId", e.body, s.url, s.secret_sealed AS "secretSealed", s.id AS "subscriptionId"
         FROM claimed c JOIN events e ON e.id = c.event_id JOIN webhook_subscriptions s ON s.id = c.subscription_id`,
      [now, new Date(now.getTime() + this.config.webhookTimeoutMs + ATTEMPT_LEASE_MARGIN_MS), room, PER_SUBSCRIPTION, PER_ORGANISATION],
    );
    for (const delivery of due) {
      const attempt = this.attempt(delivery).catch((error: unknown) => this.logger.error({ msg: 'webhook attempt failed', deliveryId: delivery.id, err: error }));
      this.inFlight.add(attempt);
      void attempt.finally(() => {
        this.inFlight.delete(attempt);
        // Room again (for this instance, for this subscription): look for what waited for it.
        this.attemptDone();
      });
    }
    return due.length;
  }

  /** Called after each attempt ends (the module wakes the delivery job with it). */
  onAttemptDone(listener: () => void): void {
    this.attemptDone = listener;
  }

  /** Waits for the attempts in flight (shutdown, tests). */
  async settle(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }

  /**
   * Claims nothing more and lets the attempts already sent finish (each ends within
   * WEBHOOK_TIMEOUT_MS: a service manager's grace period for stopping must be longer), before the
   * sender's connections are destroyed and the database pool ends in `onApplicationShutdown`: cut
   * off, an attempt the receiver already had would be counted as a failure and sent again, or left
   * PENDING under its lease. An attempt claimed but not yet sent is handed back instead.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    while (this.claims.size > 0 || this.inFlight.size > 0) {
      await Promise.all([...this.claims].map((claim) => claim.catch(() => undefined)));
      await this.settle();
    }
  }

  private async attempt(delivery: DueDelivery): Promise<void> {
    // Deleted (or disabled) since the claim: not sent; remove() has marked the delivery FAILED.
    const live = await this.dataSource.manager.exists(WebhookSubscriptionEntity, { where: { id: delivery.subscriptionId, disabledAt: IsNull() } });
    if (!live) return;
    // This attempt's own claim: if its lease ran out and another attempt took the delivery, the
    // later attempt records the outcome.
    const mine = { id: delivery.id, attempts: delivery.attempts, status: 'PENDING' as const };
    if (this.stopped) {
      // Claimed as this instance began to stop: not sent. The claim is handed back as it was, so
      // the next look (of another instance, or after the restart) sends it without losing an attempt.
      await this.dataSource.manager.update(WebhookDeliveryEntity, mine, { attempts: delivery.attempts - 1, lockedUntil: null });
      return;
    }
    const secret = openSecret(this.kek, SECRET_PURPOSE, delivery.secretSealed).toString();
    const sentAt = realNow();
    const signature = new Webhook(secret).sign(delivery.eventId, sentAt, delivery.body);
    const outcome = await this.sender.post(
      delivery.url,
      { 'webhook-id': delivery.eventId, 'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)), 'webhook-signature': signature },
      delivery.body,
    );
    const now = realNow();
    const answer = outcome.status !== undefined ? `HTTP ${outcome.status}` : (outcome.error ?? 'no answer');
    if (outcome.status !== undefined && outcome.status >= 200 && outcome.status < 300) {
      await this.dataSource.manager.update(WebhookDeliveryEntity, mine, { status: 'DELIVERED', deliveredAt: now, lastAnswer: answer, lockedUntil: null, nextAttemptAt: null });
      return;
    }
    if (outcome.status === 410) {
      // Gone: the receiver asks for no more; the subscription stops and its pending deliveries with it.
      await this.dataSource.transaction(async (manager) => {
        await manager.update(WebhookSubscriptionEntity, { id: delivery.subscriptionId, disabledAt: IsNull() }, { disabledAt: now, disabledReason: 'the receiver answered 410 Gone' });
        await manager.update(WebhookDeliveryEntity, { subscriptionId: delivery.subscriptionId, status: 'PENDING' }, { status: 'FAILED', lastAnswer: 'subscription disabled: HTTP 410', nextAttemptAt: null, lockedUntil: null });
        await manager.update(WebhookDeliveryEntity, mine, { status: 'FAILED', lastAnswer: answer, lockedUntil: null, nextAttemptAt: null });
      });
      this.logger.warn({ msg: 'webhook subscription disabled (410)', subscriptionId: delivery.subscriptionId });
      return;
    }
    const delay = this.config.webhookRetryDelaysMs[delivery.attempts - 1];
    if (delay === undefined) {
      await this.dataSource.manager.update(WebhookDeliveryEntity, mine, { status: 'FAILED', lastAnswer: answer, lockedUntil: null, nextAttemptAt: null });
      this.logger.warn({ msg: 'webhook delivery failed for good', deliveryId: delivery.id, attempts: delivery.attempts, lastAnswer: answer });
      return;
    }
    await this.dataSource.manager.update(WebhookDeliveryEntity, mine, { lastAnswer: answer, lockedUntil: null, nextAttemptAt: new Date(now.getTime() + delay) });
  }

  /**
   * https (unless private networks are allowed), no credentials, and not an address literal that
   * can never be public. Names are checked when each delivery connects, after DNS resolution.
   */
  private checkUrl(url: string): void {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      throw validationError([{ field: 'url', message: 'must be an absolute URL, e.g. https://example.org/hooks' }]);
    }
    const allowPrivate = this.config.webhookAllowPrivateNetworks;
    const problems: string[] = [];
    if (target.protocol !== 'https:' && !(allowPrivate && target.protocol === 'http:')) problems.push('must use https');
    if (target.username || target.password) problems.push('must not carry credentials');
    const host = target.hostname.replace(/^\[|\]$/g, '');
    if (!allowPrivate && isIP(host) && ipaddr.process(host).range() !== 'unicast') problems.push(`must reach a public address: ${host} is ${ipaddr.process(host).range()}`);
    if (problems.length) throw validationError(problems.map((message) => ({ field: 'url', message })));
  }
}

/**
 * Deliveries run on the real time, not the exchange's (which the demo clock may move): a receiver
 * checks `webhook-timestamp` against its own clock, and retries are an operational matter.
 */
function realNow(): Date {
  return new Date();
}

function mapSubscription(row: WebhookSubscriptionEntity): WebhookDto {
  return { id: row.id, url: row.url, events: row.events ?? [...EVENT_TYPES], createdAt: row.createdAt.toISOString(), disabledReason: row.disabledReason };
}

function notFound(id: string): DomainError {
  return new DomainError('WEBHOOK_NOT_FOUND', `Your organisation has no webhook subscription ${id}.`);
}
