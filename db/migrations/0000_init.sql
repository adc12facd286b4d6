CREATE TABLE "customers" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"currency" text NOT NULL,
	"timezone" text NOT NULL,
	"billing_schedule" text NOT NULL,
	"billing_anchor" timestamp (3) with time zone,
	"grace_period_seconds" integer NOT NULL,
	"last_sequence" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "usage_events" (
	"customer_id" text NOT NULL,
	"sequence" bigint NOT NULL,
	"event_id" text NOT NULL,
	"type" text NOT NULL,
	"occurred_at" timestamp (3) with time zone NOT NULL,
	"resource_id" text NOT NULL,
	"meter" text NOT NULL,
	"dimensions" jsonb,
	"quantity" numeric,
	"received_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "usage_events_customer_id_sequence_pk" PRIMARY KEY("customer_id","sequence"),
	CONSTRAINT "usage_events_customer_event_id" UNIQUE("customer_id","event_id")
);
--> statement-breakpoint
CREATE TABLE "usage_summaries" (
	"customer_id" text NOT NULL,
	"period_start" timestamp (3) with time zone NOT NULL,
	"period_end" timestamp (3) with time zone NOT NULL,
	"last_sequence" bigint NOT NULL,
	"late_usage" jsonb NOT NULL,
	"anomalies" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "usage_summaries_customer_id_period_start_pk" PRIMARY KEY("customer_id","period_start")
);
--> statement-breakpoint
CREATE TABLE "usage_summary_lines" (
	"customer_id" text NOT NULL,
	"period_start" timestamp (3) with time zone NOT NULL,
	"resource_id" text NOT NULL,
	"meter" text NOT NULL,
	"dimensions_key" text NOT NULL,
	"dimensions" jsonb NOT NULL,
	"seconds" numeric NOT NULL,
	"quantity_seconds" numeric NOT NULL,
	"quantity" numeric NOT NULL,
	"runs" integer NOT NULL,
	CONSTRAINT "usage_summary_lines_customer_id_period_start_resource_id_meter_dimensions_key_pk" PRIMARY KEY("customer_id","period_start","resource_id","meter","dimensions_key")
);
--> statement-breakpoint
ALTER TABLE "usage_events" ADD CONSTRAINT "usage_events_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_summaries" ADD CONSTRAINT "usage_summaries_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "usage_events_customer_occurred_at" ON "usage_events" USING btree ("customer_id","occurred_at");