import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Orders1796030512175 implements MigrationInterface {
  name = 'Orders1796030512175';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "orders" ("id" uuid NOT NULL, "reference" character varying(32) NOT NULL, "type" character varying(16) NOT NULL, "status" character varying(32) NOT NULL, "version" integer NOT NULL, "instrument" character varying(40) NOT NULL, "form" character varying(40) NOT NULL, "tier" character varying(4) NOT NULL, "emergency" boolean NOT NULL, "issuing_organisation_id" uuid NOT NULL, "issuing_country" character(2) NOT NULL, "provider_id" uuid NOT NULL, "validating_organisation_id" uuid, "evidence_recipient_id" uuid, "enforcing_state" character(2), "content" jsonb NOT NULL, "section_m" jsonb, "routing" jsonb NOT NULL, "resume_status" character varying(32), "history" jsonb NOT NULL, "last_step_hash" character(64) NOT NULL, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_710e2d4957aa5878dfe94e4ac2f" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_orders_provider" ON "orders"  ("provider_id", "created_at") `);
    await queryRunner.query(`CREATE INDEX "ix_orders_issuing" ON "orders"  ("issuing_organisation_id", "created_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "ux_orders_reference" ON "orders"  ("reference") `);
    await queryRunner.query(`CREATE TABLE "evidence" ("id" uuid NOT NULL, "order_id" uuid NOT NULL, "filename" character varying(255) NOT NULL, "media_type" character varying(255) NOT NULL, "size" bigint NOT NULL, "sha256" character(64) NOT NULL, "storage_key" character varying(200) NOT NULL, "uploaded_by" uuid NOT NULL, "production_seq" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b864cb5d49854f89917fc0b44b9" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_evidence_order" ON "evidence"  ("order_id", "created_at") `);
    await queryRunner.query(`CREATE TABLE "idempotency_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "key" character varying(255) NOT NULL, "fingerprint" character(64) NOT NULL, "locked_until" TIMESTAMP WITH TIME ZONE, "response_status" integer, "response_body" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8ad20779ad0411107a56e53d0f6" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_idempotency_keys_created" ON "idempotency_keys"  ("created_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "ux_idempotency_keys_user_key" ON "idempotency_keys"  ("user_id", "key") `);
    await queryRunner.query(`CREATE TABLE "order_parties" ("order_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "party" character varying(24) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_109d7dcbf63d4230994176a661e" PRIMARY KEY ("order_id", "organisation_id", "party"))`);
    await queryRunner.query(`CREATE INDEX "ix_order_parties_organisation" ON "order_parties"  ("organisation_id") `);
    await queryRunner.query(`CREATE TABLE "order_steps" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "order_id" uuid NOT NULL, "seq" integer NOT NULL, "action" character varying(32) NOT NULL, "from_status" character varying(32), "to_status" character varying(32) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_user_id" uuid, "actor_organisation_id" uuid, "actor_role" character varying(16) NOT NULL, "payload" bytea NOT NULL, "record" bytea NOT NULL, "payload_sha256" character(64) NOT NULL, "prev_hash" character(64) NOT NULL, "hash" character(64) NOT NULL, "canonical" bytea NOT NULL, "intent_canonical" bytea NOT NULL, "intent_cms" bytea NOT NULL, "signer_fingerprint_sha256" character(64) NOT NULL, "signed_by" character varying(16) NOT NULL, "seal_cms" bytea NOT NULL, "timestamp_token" bytea NOT NULL, CONSTRAINT "PK_b7b18e85fc1f0af61c8216a5b6a" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "ux_order_steps_seq" ON "order_steps"  ("order_id", "seq") `);
    await queryRunner.query(`ALTER TABLE "orders" ADD CONSTRAINT "fk_orders_issuing_organisation" FOREIGN KEY ("issuing_organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "orders" ADD CONSTRAINT "fk_orders_provider" FOREIGN KEY ("provider_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "evidence" ADD CONSTRAINT "fk_evidence_order" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "order_parties" ADD CONSTRAINT "fk_order_parties_order" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "order_parties" ADD CONSTRAINT "fk_order_parties_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "order_steps" ADD CONSTRAINT "fk_order_steps_order" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    // Steps are evidence: once written, never changed or removed, whoever connects.
    await queryRunner.query(`CREATE FUNCTION "order_steps_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'order_steps is append-only: % refused', TG_OP USING ERRCODE = 'restrict_violation'; END $$`);
    await queryRunner.query(`CREATE TRIGGER "tr_order_steps_no_update_delete" BEFORE UPDATE OR DELETE ON "order_steps" FOR EACH ROW EXECUTE FUNCTION "order_steps_append_only"()`);
    await queryRunner.query(`CREATE TRIGGER "tr_order_steps_no_truncate" BEFORE TRUNCATE ON "order_steps" FOR EACH STATEMENT EXECUTE FUNCTION "order_steps_append_only"()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "tr_order_steps_no_truncate" ON "order_steps"`);
    await queryRunner.query(`DROP TRIGGER "tr_order_steps_no_update_delete" ON "order_steps"`);
    await queryRunner.query(`DROP FUNCTION "order_steps_append_only"()`);
    await queryRunner.query(`ALTER TABLE "order_steps" DROP CONSTRAINT "fk_order_steps_order"`);
    await queryRunner.query(`ALTER TABLE "order_parties" DROP CONSTRAINT "fk_order_parties_organisation"`);
    await queryRunner.query(`ALTER TABLE "order_parties" DROP CONSTRAINT "fk_order_parties_order"`);
    await queryRunner.query(`ALTER TABLE "evidence" DROP CONSTRAINT "fk_evidence_order"`);
    await queryRunner.query(`ALTER TABLE "orders" DROP CONSTRAINT "fk_orders_provider"`);
    await queryRunner.query(`ALTER TABLE "orders" DROP CONSTRAINT "fk_orders_issuing_organisation"`);
    await queryRunner.query(`DROP INDEX "public"."ux_order_steps_seq"`);
    await queryRunner.query(`DROP TABLE "order_steps"`);
    await queryRunner.query(`DROP INDEX "public"."ix_order_parties_organisation"`);
    await queryRunner.query(`DROP TABLE "order_parties"`);
    await queryRunner.query(`DROP INDEX "public"."ux_idempotency_keys_user_key"`);
    await queryRunner.query(`DROP INDEX "public"."ix_idempotency_keys_created"`);
    await queryRunner.query(`DROP TABLE "idempotency_keys"`);
    await queryRunner.query(`DROP INDEX "public"."ix_evidence_order"`);
    await queryRunner.query(`DROP TABLE "evidence"`);
    await queryRunner.query(`DROP INDEX "public"."ux_orders_reference"`);
    await queryRunner.query(`DROP INDEX "public"."ix_orders_issuing"`);
    await queryRunner.query(`DROP INDEX "public"."ix_orders_provider"`);
    await queryRunner.query(`DROP TABLE "orders"`);
  }
}
