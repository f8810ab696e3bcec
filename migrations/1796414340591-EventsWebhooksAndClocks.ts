import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transactional outbox of events, webhook subscriptions and deliveries, periodic tasks, and
 * the orders' next clock time. Generated, then completed by hand: the sequence the dispatcher
 * numbers events from, and every order a clock may still run on looked at once by the clock job
 * (which computes its real next time).
 */
export class EventsWebhooksAndClocks1796414340591 implements MigrationInterface {
  name = 'EventsWebhooksAndClocks1796414340591';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "exchange_settings" ("key" character varying(60) NOT NULL, "value" jsonb NOT NULL, CONSTRAINT "PK_89f4a892a7272a65d3286a4c90c" PRIMARY KEY ("key"))`);
    await queryRunner.query(`CREATE TABLE "events" ("id" uuid NOT NULL, "seq" bigint, "written" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "organisation_id" uuid NOT NULL, "order_id" uuid NOT NULL, "type" character varying(40) NOT NULL, "body" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_44840d7c5944a3bfbf21a6113d8" UNIQUE ("seq"), CONSTRAINT "PK_40731c7151fe4be3116e45ddf73" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_events_undispatched" ON "events"  ("written") WHERE "seq" IS NULL`);
    await queryRunner.query(`CREATE INDEX "ix_events_organisation_seq" ON "events"  ("organisation_id", "seq") `);
    await queryRunner.query(`CREATE TABLE "webhook_deliveries" ("id" uuid NOT NULL, "subscription_id" uuid NOT NULL, "event_id" uuid NOT NULL, "status" character varying(16) NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE, "locked_until" TIMESTAMP WITH TIME ZONE, "last_answer" character varying(300), "delivered_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_535dd409947fb6d8fc6dfc0112a" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_webhook_deliveries_due" ON "webhook_deliveries"  ("next_attempt_at") WHERE "status" = 'PENDING'`);
    await queryRunner.query(`CREATE UNIQUE INDEX "ux_webhook_deliveries_event" ON "webhook_deliveries"  ("subscription_id", "event_id") `);
    await queryRunner.query(`CREATE TABLE "webhook_subscriptions" ("id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "url" character varying(2048) NOT NULL, "events" character varying(40) array, "secret_sealed" bytea NOT NULL, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "disabled_at" TIMESTAMP WITH TIME ZONE, "disabled_reason" character varying(200), CONSTRAINT "PK_bf631ae77d39849d599817fb6f4" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_webhook_subscriptions_organisation" ON "webhook_subscriptions"  ("organisation_id") `);
    await queryRunner.query(`CREATE TABLE "scheduled_tasks" ("name" character varying(60) NOT NULL, "next_run_at" TIMESTAMP WITH TIME ZONE NOT NULL, "locked_until" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_332847dcb6eb4224ba96c883bb7" PRIMARY KEY ("name"))`);
    await queryRunner.query(`ALTER TABLE "orders" ADD "next_clock_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "orders" ADD "clock_marks" jsonb NOT NULL DEFAULT '[]'`);
    await queryRunner.query(`ALTER TABLE "orders" ADD "clock_locked_until" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`CREATE INDEX "ix_orders_updated" ON "orders"  ("updated_at") `);
    await queryRunner.query(`CREATE INDEX "ix_orders_next_clock" ON "orders"  ("next_clock_at") WHERE "next_clock_at" IS NOT NULL`);
    await queryRunner.query(`CREATE SEQUENCE "events_seq"`);
    await queryRunner.query(`UPDATE "orders" SET "next_clock_at" = now() WHERE "status" NOT IN ('DRAFT', 'PENDING_VALIDATION', 'WITHDRAWN', 'EXPIRED', 'CLOSED')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP SEQUENCE "events_seq"`);
    await queryRunner.query(`DROP INDEX "public"."ix_orders_next_clock"`);
    await queryRunner.query(`DROP INDEX "public"."ix_orders_updated"`);
    await queryRunner.query(`ALTER TABLE "orders" DROP COLUMN "clock_locked_until"`);
    await queryRunner.query(`ALTER TABLE "orders" DROP COLUMN "clock_marks"`);
    await queryRunner.query(`ALTER TABLE "orders" DROP COLUMN "next_clock_at"`);
    await queryRunner.query(`DROP TABLE "scheduled_tasks"`);
    await queryRunner.query(`DROP INDEX "public"."ix_webhook_subscriptions_organisation"`);
    await queryRunner.query(`DROP TABLE "webhook_subscriptions"`);
    await queryRunner.query(`DROP INDEX "public"."ux_webhook_deliveries_event"`);
    await queryRunner.query(`DROP INDEX "public"."ix_webhook_deliveries_due"`);
    await queryRunner.query(`DROP TABLE "webhook_deliveries"`);
    await queryRunner.query(`DROP INDEX "public"."ix_events_organisation_seq"`);
    await queryRunner.query(`DROP INDEX "public"."ix_events_undispatched"`);
    await queryRunner.query(`DROP TABLE "events"`);
    await queryRunner.query(`DROP TABLE "exchange_settings"`);
  }
}
