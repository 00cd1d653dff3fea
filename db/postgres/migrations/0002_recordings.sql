CREATE TABLE "recording_segments" (
	"recording_seq" bigint NOT NULL,
	"segment" integer NOT NULL,
	"start_sample" bigint NOT NULL,
	"sample_count" integer NOT NULL,
	"samples" "bytea" NOT NULL,
	CONSTRAINT "recording_segments_recording_seq_segment_pk" PRIMARY KEY("recording_seq","segment")
);
--> statement-breakpoint
CREATE TABLE "recordings" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"id" text NOT NULL,
	"source" text NOT NULL,
	"format" text NOT NULL,
	"channels" text NOT NULL,
	"sampling_rate" double precision NOT NULL,
	"start_time" text,
	"nominal_voltage" double precision NOT NULL,
	"frequency" double precision NOT NULL,
	"segment_seconds" double precision NOT NULL,
	"segment_samples" integer NOT NULL,
	"overlap_samples" integer NOT NULL,
	"total_samples" bigint,
	"segment_count" integer,
	"complete" boolean NOT NULL,
	"warnings" text NOT NULL,
	"events" text,
	"events_process_id" text,
	"event_count" integer,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "recordings_id_unique" UNIQUE("id")
);
--> statement-breakpoint
CREATE TABLE "segment_results" (
	"recording_seq" bigint NOT NULL,
	"segment" integer NOT NULL,
	"process_id" text NOT NULL,
	"events" text NOT NULL,
	"bucket_samples" integer NOT NULL,
	"envelope_start" bigint NOT NULL,
	"bucket_count" integer NOT NULL,
	"envelope_min" "bytea" NOT NULL,
	"envelope_max" "bytea" NOT NULL,
	CONSTRAINT "segment_results_recording_seq_segment_pk" PRIMARY KEY("recording_seq","segment")
);
--> statement-breakpoint
ALTER TABLE "recording_segments" ADD CONSTRAINT "recording_segments_recording_seq_recordings_seq_fk" FOREIGN KEY ("recording_seq") REFERENCES "public"."recordings"("seq") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment_results" ADD CONSTRAINT "segment_results_recording_seq_segment_recording_segments_recording_seq_segment_fk" FOREIGN KEY ("recording_seq","segment") REFERENCES "public"."recording_segments"("recording_seq","segment") ON DELETE cascade ON UPDATE no action;