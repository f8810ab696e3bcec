import type { MigrationInterface, QueryRunner } from 'typeorm';

const APPEND_ONLY = ['log_keys', 'log_entries', 'log_hashes', 'log_checkpoints', 'log_cosignatures'];

/**
 * The transparency log (libs/tlog, docs/transparency-log.md): generated from the entities, then
 * by hand: the log's own tables are append-only like order_steps (a trigger refuses UPDATE,
 * DELETE and TRUNCATE whoever connects; log_pending, the outbox, is consumed and so is not);
 * the steps recorded before this migration wait in the outbox in the order they were taken; and
 * a party reading its steps under row-level security may read their log indexes (the log is
 * public anyway).
 */
export class TransparencyLog1796413550922 implements MigrationInterface {
  name = 'TransparencyLog1796413550922';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "log_checkpoints" ("size" bigint NOT NULL, "root_hash" bytea NOT NULL, "note" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_84bd4145268397e28bb2d99c10c" PRIMARY KEY ("size"))`);
    await queryRunner.query(`CREATE TABLE "log_cosignatures" ("size" bigint NOT NULL, "witness" character varying(300) NOT NULL, "line" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_269d59a2655ec730a83b840a61f" PRIMARY KEY ("size", "witness"))`);
    await queryRunner.query(`CREATE TABLE "log_entries" ("index" bigint NOT NULL, "step_id" uuid NOT NULL, "entry" bytea NOT NULL, CONSTRAINT "PK_4bc1cf07d87020cf73fe7205f35" PRIMARY KEY ("index"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "ux_log_entries_step" ON "log_entries"  ("step_id") `);
    await queryRunner.query(`CREATE TABLE "log_hashes" ("index" bigint NOT NULL, "hash" bytea NOT NULL, CONSTRAINT "PK_87617b5537953962b2be5196251" PRIMARY KEY ("index"))`);
    await queryRunner.query(`CREATE TABLE "log_pending" ("id" BIGSERIAL NOT NULL, "step_id" uuid NOT NULL, "entry" bytea NOT NULL, CONSTRAINT "PK_3f4d8aaa53ac66369f0587e17dd" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "ux_log_pending_step" ON "log_pending"  ("step_id") `);
    await queryRunner.query(`CREATE TABLE "log_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key_id" uuid NOT NULL, "origin" character varying(200) NOT NULL, "verifier_key" character varying(300) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b85aa0d85311afa851f4a2fee46" PRIMARY KEY ("id"))`);
    await queryRunner.query(`ALTER TABLE "log_cosignatures" ADD CONSTRAINT "fk_log_cosignatures_checkpoint" FOREIGN KEY ("size") REFERENCES "log_checkpoints"("size") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "log_keys" ADD CONSTRAINT "fk_log_keys_key" FOREIGN KEY ("key_id") REFERENCES "pki_keys"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`CREATE FUNCTION "log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'restrict_violation'; END $$`);
    for (const table of APPEND_ONLY) {
      await queryRunner.query(`CREATE TRIGGER "tr_${table}_no_update_delete" BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION "log_append_only"()`);
      await queryRunner.query(`CREATE TRIGGER "tr_${table}_no_truncate" BEFORE TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION "log_append_only"()`);
    }
    await queryRunner.query(`INSERT INTO "log_pending" ("step_id", "entry") SELECT "id", decode("hash", 'hex') FROM "order_steps" ORDER BY "at", "order_id", "seq"`);
    await queryRunner.query(`GRANT SELECT ON "log_entries" TO evx_reader`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`REVOKE SELECT ON "log_entries" FROM evx_reader`);
    for (const table of APPEND_ONLY) {
      await queryRunner.query(`DROP TRIGGER "tr_${table}_no_truncate" ON "${table}"`);
      await queryRunner.query(`DROP TRIGGER "tr_${table}_no_update_delete" ON "${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION "log_append_only"()`);
    await queryRunner.query(`ALTER TABLE "log_keys" DROP CONSTRAINT "fk_log_keys_key"`);
    await queryRunner.query(`ALTER TABLE "log_cosignatures" DROP CONSTRAINT "fk_log_cosignatures_checkpoint"`);
    await queryRunner.query(`DROP TABLE "log_keys"`);
    await queryRunner.query(`DROP INDEX "public"."ux_log_pending_step"`);
    await queryRunner.query(`DROP TABLE "log_pending"`);
    await queryRunner.query(`DROP TABLE "log_hashes"`);
    await queryRunner.query(`DROP INDEX "public"."ux_log_entries_step"`);
    await queryRunner.query(`DROP TABLE "log_entries"`);
    await queryRunner.query(`DROP TABLE "log_cosignatures"`);
    await queryRunner.query(`DROP TABLE "log_checkpoints"`);
  }
}
