import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The provider's view of an order says how many orders its issuing authority had sent before it
 * (that reached their addressee) and how many to this provider. That was counted at every look,
 * over every earlier order of the issuer: a millisecond after 800 orders, growing with the
 * issuer's history, on every step and view of the provider. It is now counted once, when the order
 * reaches its addressee: a running count per issuer and provider (`issuer_sent_counts`, bumped by
 * the step of receipt) and the record as it stood then (`orders.issuer_record`). "Before" now
 * means received before this order, a fact fixed at receipt.
 *
 * Existing orders get the same: counts from the orders received so far, and each received order's
 * record ranked by its own time of receipt (the first step of its history that reached ISSUED;
 * orders received at the same instant are ranked by id). Once migrated, receipts are numbered in
 * the order their steps take the issuer's turn, which for two receipts at once may differ from the
 * order of their steps' times: reverting and applying this migration again can renumber those.
 *
 * Stop the instances running the code before this migration before it runs: a receipt they took
 * afterwards would leave its order without a record, and uncounted.
 */
export class IssuerRecordAtReceipt1796430800000 implements MigrationInterface {
  name = 'IssuerRecordAtReceipt1796430800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "issuer_sent_counts" (
      "issuing_organisation_id" uuid NOT NULL,
      "provider_id" uuid NOT NULL,
      "sent" integer NOT NULL,
      CONSTRAINT "PK_issuer_sent_counts" PRIMARY KEY ("issuing_organisation_id", "provider_id"),
      CONSTRAINT "fk_issuer_sent_counts_issuer" FOREIGN KEY ("issuing_organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      CONSTRAINT "fk_issuer_sent_counts_provider" FOREIGN KEY ("provider_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
    await queryRunner.query(`ALTER TABLE "orders" ADD "issuer_record" jsonb`);
    await queryRunner.query(`
      WITH received AS (
        SELECT o.id, o.issuing_organisation_id AS issuer, o.provider_id AS provider, r.at, r.seq
          FROM orders o
          CROSS JOIN LATERAL (SELECT (h.step->>'at')::timestamptz AS at, h.seq::int AS seq
                                FROM jsonb_array_elements(o.history) WITH ORDINALITY AS h(step, seq)
                               WHERE h.step->>'toStatus' = 'ISSUED' ORDER BY h.seq LIMIT 1) r),
      ranked AS (
        SELECT received.*,
               row_number() OVER (PARTITION BY issuer ORDER BY at, id) - 1 AS sent,
               row_number() OVER (PARTITION BY issuer, provider ORDER BY at, id) - 1 AS to_you
          FROM received)
      UPDATE orders o
         SET issuer_record = jsonb_build_object('ordersSentBefore', r.sent, 'ordersSentToYouBefore', r.to_you, 'signedAt', s.at, 'certificateIssuedAt', s.not_before)
        FROM ranked r
        LEFT JOIN LATERAL (
              SELECT s.at, cert.not_before
                FROM order_steps s LEFT JOIN certificates cert ON cert.fingerprint_sha256 = s.signer_fingerprint_sha256 AND cert.organisation_id = r.issuer
               WHERE s.order_id = r.id AND s.actor_organisation_id = r.issuer AND s.seq <= r.seq
               ORDER BY s.seq DESC LIMIT 1) s ON true
       WHERE o.id = r.id`);
    await queryRunner.query(`
      INSERT INTO issuer_sent_counts (issuing_organisation_id, provider_id, sent)
      SELECT issuing_organisation_id, provider_id, count(*) FROM orders WHERE issuer_record IS NOT NULL GROUP BY 1, 2`);
    await queryRunner.query(`DROP INDEX "public"."ix_orders_issuer_record"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_orders_issuer_record" ON "orders" ("issuing_organisation_id", "created_at", "provider_id") WHERE history @> '[{"toStatus": "ISSUED"}]'::jsonb`);
    await queryRunner.query(`ALTER TABLE "orders" DROP COLUMN "issuer_record"`);
    await queryRunner.query(`DROP TABLE "issuer_sent_counts"`);
  }
}
