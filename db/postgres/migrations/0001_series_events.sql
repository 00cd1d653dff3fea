ALTER TABLE "series" ADD COLUMN "events" text;--> statement-breakpoint
ALTER TABLE "series" ADD COLUMN "event_kinds" text[];