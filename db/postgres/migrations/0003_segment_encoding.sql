ALTER TABLE "recording_segments" ADD COLUMN "encoding" text DEFAULT 'float32' NOT NULL;--> statement-breakpoint
ALTER TABLE "recording_segments" ADD COLUMN "scale" text;