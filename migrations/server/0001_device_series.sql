-- Each desktop gets a case-number series within its office; existing devices are numbered in enrolment order.
ALTER TABLE "devices" ADD COLUMN "series" integer;--> statement-breakpoint
UPDATE "devices" d SET "series" = n.rn FROM (SELECT "id", row_number() OVER (PARTITION BY "org_unit_id" ORDER BY "created_at", "id") AS rn FROM "devices") n WHERE d."id" = n."id";--> statement-breakpoint
ALTER TABLE "devices" ALTER COLUMN "series" SET NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "devices_office_series" ON "devices" USING btree ("org_unit_id","series");
