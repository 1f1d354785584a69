CREATE TABLE "admin_sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "applied_ops" (
	"device_id" text NOT NULL,
	"client_seq" bigint NOT NULL,
	"op_id" text,
	"status" text NOT NULL,
	"code" text,
	"error" text,
	"server_seq" bigint,
	"conflicts" integer DEFAULT 0 NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "applied_ops_device_id_client_seq_pk" PRIMARY KEY("device_id","client_seq")
);
--> statement-breakpoint
CREATE TABLE "blobs" (
	"sha256" text PRIMARY KEY NOT NULL,
	"size" bigint NOT NULL,
	"complete" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "case_scope" (
	"case_id" text NOT NULL,
	"org_unit_id" text NOT NULL,
	"reason" text NOT NULL,
	CONSTRAINT "case_scope_case_id_org_unit_id_pk" PRIMARY KEY("case_id","org_unit_id")
);
--> statement-breakpoint
CREATE TABLE "devices" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"org_unit_id" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" text,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"last_seen_at" timestamp with time zone,
	CONSTRAINT "devices_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "enrollment_codes" (
	"code_hash" text PRIMARY KEY NOT NULL,
	"org_unit_id" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"device_id" text
);
--> statement-breakpoint
CREATE TABLE "record_shares" (
	"entity" text NOT NULL,
	"record_id" text NOT NULL,
	"org_unit_id" text NOT NULL,
	CONSTRAINT "record_shares_entity_record_id_org_unit_id_pk" PRIMARY KEY("entity","record_id","org_unit_id")
);
--> statement-breakpoint
CREATE TABLE "records" (
	"entity" text NOT NULL,
	"id" text NOT NULL,
	"org_unit_id" text,
	"case_id" text,
	"is_ref" boolean DEFAULT false NOT NULL,
	"data" jsonb NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"server_seq" bigint NOT NULL,
	"created_seq" bigint NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by_device" text,
	CONSTRAINT "records_entity_id_pk" PRIMARY KEY("entity","id")
);
--> statement-breakpoint
CREATE TABLE "sync_state" (
	"id" integer PRIMARY KEY NOT NULL,
	"last_seq" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "applied_ops_op_id_idx" ON "applied_ops" USING btree ("op_id");--> statement-breakpoint
CREATE INDEX "case_scope_org_idx" ON "case_scope" USING btree ("org_unit_id");--> statement-breakpoint
CREATE INDEX "record_shares_org_idx" ON "record_shares" USING btree ("org_unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "records_server_seq_idx" ON "records" USING btree ("server_seq");--> statement-breakpoint
CREATE INDEX "records_case_idx" ON "records" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "records_org_unit_idx" ON "records" USING btree ("org_unit_id");