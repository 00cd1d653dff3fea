CREATE TABLE "series" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"ts_id" text NOT NULL,
	"process_id" text NOT NULL,
	"anomaly" boolean NOT NULL,
	"kl_divergence" double precision,
	"point_count" integer NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "series_ts_id_unique" UNIQUE("ts_id")
);
--> statement-breakpoint
CREATE TABLE "series_points" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"times" text NOT NULL,
	"values" "bytea" NOT NULL
);
--> statement-breakpoint
ALTER TABLE "series_points" ADD CONSTRAINT "series_points_seq_series_seq_fk" FOREIGN KEY ("seq") REFERENCES "public"."series"("seq") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "series_anomaly_seq" ON "series" USING btree ("anomaly","seq");