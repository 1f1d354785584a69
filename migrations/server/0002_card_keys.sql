-- Liaison cards: each device signs its cards with its own key (kept here to check them); public
-- progress pages find a case by its token or its number without scanning the records.
ALTER TABLE "devices" ADD COLUMN "card_key_id" text;--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "card_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "devices_card_key_id" ON "devices" USING btree ("card_key_id");--> statement-breakpoint
CREATE INDEX "records_case_token_idx" ON "records" USING btree ((data->>'publicToken')) WHERE entity = 'cases';--> statement-breakpoint
CREATE INDEX "records_case_no_idx" ON "records" USING btree ((data->>'caseNo')) WHERE entity = 'cases';
